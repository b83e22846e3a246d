using Callback.Host.Inspections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Calls.Scripts;
using Callback.Host.Calls;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Host.Findings;
using Callback.Persistence;
using Callback.Persistence.Leases;
using Callback.Persistence.Registry;
using Callback.Telephony;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Callback.Host.Texts;

/// <summary>
/// The text channel: a one-time link by SMS to the verification form, for persons a voice call cannot verify. The
/// SMS carries nothing personal but the centre's name and the link; the form asks the call script's own questions;
/// the answers become the person's attempt and go through the same comparison and finding as a call's.
/// </summary>
public sealed class TextLinks(
    CallbackDbContext db, ITelephonyProvider provider, WebhookUrls urls, CallScripts scripts, RegistryQueries registry,
    AttemptRecorder attempts, InspectionEvents events, UnitOfWork work, IOptions<TextChannelOptions> options, IOptions<TelephonyOptions> telephony, TimeProvider time)
{

    /// <summary>Where a link stands, as the form tells the person.</summary>
    public enum State { Missing, Expired, Spent, AwaitingConsent, AwaitingAnswers }

    /// <summary>Sends the person at <paramref name="position"/> a link. Returns the link's view (never its token).</summary>
    public async Task<TextLinkView> SendAsync(UnitRequest u, int position)
    {
        ArgumentNullException.ThrowIfNull(u);
        var inspection = await u.InspectionAsync();
        var state = await SampleState.LoadAsync(db, inspection, u.Unit, u.Aborted);
        return await SendAsync(inspection, state, position, u.User.NameOrUnknown(), u.Aborted);
    }

    /// <summary>Sends a link on behalf of <paramref name="by"/> (an inspector, or a verification plan).</summary>
    public async Task<TextLinkView> SendAsync(Domain.Inspections.Inspection inspection, SampleState state, int position, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(state);
        var unit = state.Draw.Unit;
        var certificate = FindingsEndpoints.PersonAt(state, position);
        var person = await registry.PersonAtVersionAsync(certificate, state.Draw.RegistryVersion, ct)
            ?? throw RequestRefusedException.Conflict("person-missing", "抽取所用登记版本中找不到此人");
        // Synthetic (demo) records never reach a real phone, by text no more than by call.
        if (DialGuard.Check(person, provider.ReachesRealPhones) is { } refusal)
            throw RequestRefusedException.BadRequest(refusal.Code, refusal.Message);
        var now = time.GetUtcNow();
        // An SMS at night is as intrusive as a call: the same hours.
        if (!inspection.Policy.IsWithinCallingHours(now))
            throw RequestRefusedException.BadRequest("outside-calling-hours", $"现在不在允许的联系时段内（{inspection.Policy.TimeZone} {inspection.Policy.CallingHours}），短信也请在此时段发送");
        var mobile = Mobile(person.PhoneE164) ?? Mobile(person.GuardianPhoneE164)
            ?? throw RequestRefusedException.BadRequest("no-mobile", "此人及其监护人都没有登记手机号码，无法发送短信");
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var days = options.Value.LinkDays;
        var link = new TextLink
        {
            InspectionId = inspection.Id, UnitCode = unit, CertificateNumber = certificate, TokenHash = Hash(token), SentTo = mobile,
            ScriptKey = scripts.Current().Key, CreatedAt = now, ExpiresAt = now.AddDays(days), CreatedBy = by,
        };
        // Neutral words: a lock screen, a relative or a number's next owner must not learn that the person is disabled.
        var body = $"【{telephony.Value.CentreName}】您好！就业和职业培训情况回访，请打开链接回答几个问题（约3分钟，{days}天内有效，只能使用一次）：{urls.Base.ToString().TrimEnd('/')}/v/{token}";
        // Inside another transaction the SMS would go before the link is committed, holding the person's turn (on
        // SQLite the database's one writer) through the provider's answer.
        if (db.Database.CurrentTransaction is not null)
            throw new InvalidOperationException("A text link must be sent outside any transaction: its SMS goes after the link is committed.");
        // The link is stored before the SMS goes, so that no SMS ever carries a link Callback does not know. Looking for
        // the person's open link and storing this one are one step that requests for the same person take in turn
        // (a double click, two inspectors, an inspector and the unit's plan): six at once sent six SMS.
        await work.RunAsync(async () =>
        {
            // Any other request sending this person a link commits first (on SQLite, every transaction takes its turn).
            await TransactionLocks.TextLinkAsync(db, inspection.Id, certificate, ct);
            // (SQLite cannot compare DateTimeOffset in a query: the person's few open links are compared here.)
            var open = await db.TextLinks.Where(l => l.InspectionId == inspection.Id && l.CertificateNumber == certificate && l.UsedAt == null && l.AttemptId == null).ToListAsync(ct);
            if (open.Any(l => l.ExpiresAt > now))
                throw RequestRefusedException.Conflict("text-link-pending", "已给此人发过短信链接，尚未使用也未过期：请等待对方填写");
            db.TextLinks.Add(link);
            await db.SaveChangesAsync(ct);
        }, ct);
        try
        {
            // Sending is not safe to repeat (a timed-out request may have been delivered): the port retries only what
            // the provider said it did not take. Once the link is stored the SMS goes, whether or not the inspector's
            // browser waits: cut off, it would leave a link without an SMS that refuses every new one for days.
            link.MessageSid = await provider.SendTextAsync(mobile, body, CancellationToken.None);
        }
        catch (Exception e) when (e is not RequestRefusedException and not OperationCanceledException)
        {
            db.TextLinks.Remove(link);
            await db.SaveChangesAsync(CancellationToken.None);
            var (code, message) = CallService.Explain(e);
            throw new RequestRefusedException(StatusCodes.Status502BadGateway, code, message);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        await events.PublishAsync(inspection.Id, unit, new TextSent(position));
        return TextLinkView.From(link);
    }

    /// <summary>The links sent to the person at <paramref name="position"/>, newest first.</summary>
    public async Task<List<TextLinkView>> ListAsync(UnitRequest u, int position)
    {
        var state = await SampleState.LoadAsync(db, await u.InspectionAsync(), u.Unit, u.Aborted);
        var certificate = FindingsEndpoints.PersonAt(state, position);
        var links = await db.TextLinks.AsNoTracking().Where(l => l.InspectionId == u.Id && l.CertificateNumber == certificate).OrderByDescending(l => l.Id).ToListAsync(u.Aborted);
        return [.. links.Select(TextLinkView.From)];
    }

    /// <summary>The link a token opens, and where it stands; notes the first opening.</summary>
    public async Task<(TextLink? Link, State State)> OpenAsync(string token, CancellationToken ct)
    {
        var link = await FindAsync(token, ct);
        var state = StateOf(link);
        if (link is not null && state is State.AwaitingConsent or State.AwaitingAnswers && link.OpenedAt is null)
        {
            link.OpenedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }

        return (link, state);
    }

    /// <summary>The questions the form asks: the call script's own question steps, filled in (the person's name is not shown).</summary>
    public IReadOnlyList<ScriptStep> Questions(TextLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var script = scripts.All.FirstOrDefault(s => s.Key == link.ScriptKey) ?? scripts.Current();
        // Who is filling it in comes first, as a call asks who answered: a guardian's answers are a proxy's, and a
        // number now someone else's is no verification at all. Its answers are kept under "who".
        var who = script.Steps.FirstOrDefault(s => s.Kind == ScriptStep.Who) is { } step ? [step with { Field = "who" }] : Array.Empty<ScriptStep>();
        return [.. who, .. script.Steps.Where(s => s.Kind == ScriptStep.Question)];
    }

    /// <summary>The person's answer to "may we keep your answers". A "no" spends the link as their refusal.</summary>
    public async Task<State> ConsentAsync(string token, bool yes, CancellationToken ct)
    {
        var link = await FindAsync(token, ct);
        if (StateOf(link) is not (State.AwaitingConsent or State.AwaitingAnswers))
            return StateOf(link);
        var now = time.GetUtcNow();
        if (!yes)
        {
            var refused = await SpendAsync(link!, now, async () =>
            {
                link!.Consented = false;
                link.ConsentAt = now;
                await RecordAsync(link, Disposition.Refused, "短信核实：不同意保存回答", null, CancellationToken.None);
            }, CancellationToken.None);
            return refused ? State.Spent : await StateNowAsync(link!);
        }

        link!.Consented = true;
        link.ConsentAt = now;

        await db.SaveChangesAsync(ct);
        return State.AwaitingAnswers;
    }

    /// <summary>
    /// The form sent back: every question the script asks of this person (its conditions followed) needs an answer
    /// among its options (a year: four digits). Returns what is missing or wrong, field by field; nothing is kept then.
    /// </summary>
    public async Task<(State State, IReadOnlyDictionary<string, string> Problems)> SubmitAsync(string token, IReadOnlyDictionary<string, string> given, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(given);
        var link = await FindAsync(token, ct);
        if (StateOf(link) is not State.AwaitingAnswers)
            return (StateOf(link), new Dictionary<string, string>());
        string? who = null;
        var answers = Answers.None;
        var problems = new Dictionary<string, string>();
        foreach (var question in Questions(link!))
        {
            // Someone who does not know the person, or says no, is asked nothing more.
            if (!Conversation.Applies(question, answers) || (question.Field != "who" && who is "wrong-person" or "refused"))
                continue;
            var value = given.GetValueOrDefault(question.Field!)?.Trim();
            var valid = question.Digits is { } digits
                ? value is not null && value.Length == digits && value.All(char.IsAsciiDigit) && AnswerFields.Accepts(question.Field!, value)
                : value is not null && (question.Options ?? []).Any(o => o.Value == value);
            if (!valid)
                problems[question.Field!] = question.Digits is { } d ? $"请填写 {d} 位数字的年份" : "请选择一项";
            else if (question.Field == "who")
                who = value;
            else
                answers = answers.With(question.Field!, value!);
        }

        if (problems.Count > 0)
            return (State.AwaitingAnswers, problems);
        // Two taps on a slow phone send the form twice: only the first claims the link.
        var (disposition, note) = who switch
        {
            "wrong-person" => (Disposition.WrongPerson, "短信核实：填写人不认识此人（号码已易主）"),
            "refused" => (Disposition.Refused, "短信核实：不愿意接受回访"),
            "guardian" => (Disposition.Completed, "短信核实：家属或监护人代为填写"),
            _ => (Disposition.Completed, "短信核实：本人在线填写"),
        };
        // A failure keeps nothing (the person may send the form again) and a success keeps all.
        var kept = await SpendAsync(link!, time.GetUtcNow(), async () =>
        {
            link!.Answers = answers;
            await RecordAsync(link, disposition, note, disposition == Disposition.Completed ? answers : null, CancellationToken.None, proxy: who == "guardian");
        }, CancellationToken.None);
        // Another request got there first: the form says what the link became (spent by the first tap, or expired a
        // moment ago and swept), not that these answers were kept.
        return (kept ? State.Spent : await StateNowAsync(link!), problems);
    }

    private async Task<State> StateNowAsync(TextLink link)
    {
        await db.Entry(link).ReloadAsync(CancellationToken.None);
        return StateOf(link);
    }

    /// <summary>Links past their expiry and never answered: each counts as a no-contact attempt under the policy.</summary>
    public async Task<int> SweepExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expired = (await db.TextLinks.Where(l => l.UsedAt == null && l.AttemptId == null).ToListAsync(ct)).Where(l => l.ExpiresAt <= now).ToList();
        var recorded = 0;
        foreach (var link in expired)
        {
            // A person verified meanwhile (by a call, say) gets no no-contact attempt from an old link: it is just closed.
            if (await db.CallAttempts.AnyAsync(a => a.InspectionId == link.InspectionId && a.CertificateNumber == link.CertificateNumber && a.Disposition == Disposition.Completed.Code, ct))
            {
                await db.TextLinks.Where(l => l.Id == link.Id && l.UsedAt == null && l.AttemptId == null).ExecuteUpdateAsync(set => set.SetProperty(l => l.UsedAt, now), ct);
                continue;
            }

            // The sweeper, the plans' worker and other instances sweep too: one of them records it.
            if (await SpendAsync(link, now, () => RecordAsync(link, Disposition.NoAnswer, link.OpenedAt is null ? "短信链接到期未打开" : "短信链接已打开，到期未提交", null, ct), ct))
                recorded++;
        }

        return recorded;
    }

    private async Task RecordAsync(TextLink link, Disposition disposition, string note, Answers? answers, CancellationToken ct, bool proxy = false)
    {
        var inspection = await db.Inspections.FirstAsync(i => i.Id == link.InspectionId, ct);
        var sample = await SampleState.LoadAsync(db, inspection, link.UnitCode, ct);
        // The link spent and the attempt it became: together or not at all.
        await work.RunAsync(async () =>
        {
            var attempt = await attempts.RecordAsync(sample, link.CertificateNumber,
                new AttemptRecorder.NewAttempt(disposition, time.GetUtcNow(), $"{note}（链接 {link.Id}）", null, link.CreatedBy, null, answers, link.Id, proxy), ct);
            link.AttemptId = attempt.Id;
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>
    /// The link spent and what it became (an attempt, with answers or a refusal): claimed first, then recorded, in one
    /// transaction, so a link becomes at most one attempt and never is spent without one. False when another request or
    /// sweep got there first.
    /// </summary>
    private async Task<bool> SpendAsync(TextLink link, DateTimeOffset now, Func<Task> record, CancellationToken ct)
    {
        var claimed = false;
        await work.RunAsync(async () =>
        {
            if (!await ClaimAsync(link, now))
                return;
            claimed = true;
            await record();
        }, ct);
        return claimed;
    }

    /// <summary>Marks the link used in one statement that succeeds for one request only; false when another got there first.</summary>
    private async Task<bool> ClaimAsync(TextLink link, DateTimeOffset now)
    {
        var claimed = await db.TextLinks.Where(l => l.Id == link.Id && l.UsedAt == null && l.AttemptId == null)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.UsedAt, now), CancellationToken.None) == 1;
        // Only the claim's winner says when: a loser's time, saved with its unit of work, would overwrite the winner's
        // (and a form answered just before its expiry would read "expired").
        if (claimed)
            link.UsedAt = now;
        return claimed;
    }

    private State StateOf(TextLink? link) => link switch
    {
        null => State.Missing,
        // Unused at its expiry, or closed after it by the sweep: expired, not spent (used in time is spent).
        _ when link.ExpiresAt <= time.GetUtcNow() && (link.UsedAt is null || link.UsedAt >= link.ExpiresAt) => State.Expired,
        { Spent: true } => State.Spent,
        _ when link.ExpiresAt <= time.GetUtcNow() => State.Expired,
        { Consented: true } => State.AwaitingAnswers,
        _ => State.AwaitingConsent,
    };

    private async Task<TextLink?> FindAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
            return null;
        var hash = Hash(token);
        return await db.TextLinks.FirstOrDefaultAsync(l => l.TokenHash == hash, ct);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The first mainland mobile number (+861…) of a list, or null.</summary>
    internal static string? Mobile(string? numbers) =>
        numbers?.Split(';').FirstOrDefault(n => n.StartsWith("+861", StringComparison.Ordinal) && n.Length == 14);
}
