using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Domain.Evidence;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Registry;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Host.Inspections;
using Callback.Persistence;
using Callback.Persistence.Identity;
using Callback.Persistence.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Findings;

/// <param name="Proxy">A guardian or family member answered about the person (their answers are a proxy's).</param>
public sealed record AttemptRequest([Required, StringLength(32)] string Disposition, DateTimeOffset? AttemptedAt, [StringLength(2000)] string? Note, DateTimeOffset? CallbackAt, bool? Proxy = null);


/// <summary>A finding, or a correction of one: <see cref="ExpectedSequence"/> is the sequence the client last saw (0 for none).</summary>
/// <param name="DifferingFields">For an Untruthful verdict, the fields whose answers differ from the registry (employmentStatus, employmentForm, trained, trainingYear).</param>
public sealed record FindingRequest(
    Answers? Answers, [Required, StringLength(32)] string Verdict, [Required, StringLength(2000)] string Reason, [Range(0, int.MaxValue)] int ExpectedSequence,
    [MaxLength(4)] IReadOnlyList<string>? DifferingFields = null);

/// <param name="Source">callback (a call Callback placed), text (a form sent back from an SMS link) or by-hand (typed by an inspector for a call made elsewhere).</param>
/// <param name="Counts">Whether it counts for replacement, findings and rates: Callback's calls at once, by-hand attempts once confirmed.</param>
public sealed record AttemptView(
    long Id, DateTimeOffset AttemptedAt, string Disposition, string AaporCode, string DispositionText, string? Note, DateTimeOffset? CallbackAt, string RecordedBy,
    string Source, bool Counts, string? ConfirmedBy, DateTimeOffset? ConfirmedAt, bool Proxy = false);

public sealed record FindingView(
    long Id, int Sequence, string Verdict, string Reason, Answers Answers, IReadOnlyList<FieldComparison> Comparison, string RecordedBy, DateTimeOffset RecordedAt,
    bool IsCorrection, IReadOnlyList<string> DifferingFields, bool Proxy = false);

public sealed record SamplePersonView(
    int Position, string Certificate, string Name, IReadOnlyList<string> Phones, IReadOnlyList<string> GuardianPhones,
    string EmploymentStatus, string? EmploymentForm, bool Trained, int? TrainingYear, string? ReplacedCertificate,
    int Attempts, string? LastDisposition, string? Unreachable, FindingView? Finding, DateTimeOffset? CallbackAt, IReadOnlyList<AttemptView> AttemptLog,
    string? Category = null);

/// <summary>Calls made to sampled persons, and the findings that compare their answers with the registry.</summary>
public static class FindingsEndpoints
{
    public static IEndpointRouteBuilder MapFindingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitGroup("/sample", "Findings");
        group.MapGet("/", SampleAsync).WithSummary("The unit's sample as it stands: replacements applied, attempts, findings.");
        group.MapPost("/{position:int}/attempts", AttemptAsync).Inspects().ChangesScorecard()
            .WithSummary("Record by hand a call made outside Callback (needs a note; counts once a supervisor confirms it).");
        group.MapPost("/{position:int}/attempts/{attemptId:long}/confirm", ConfirmAsync).RequireAuthorization(Policies.Supervise).ChangesScorecard()
            .WithSummary("A supervisor confirms an attempt typed by hand: from then on it counts for replacement and findings.");
        group.MapPost("/{position:int}/findings", FindingAsync).Inspects().ChangesScorecard().WithSummary("Record a finding, or correct one (a new entry; never an overwrite).");
        group.MapGet("/{position:int}/findings", HistoryAsync).WithSummary("Every finding entry of the person, oldest first.");
        app.MapGet("/api/dispositions", () => TypedResults.Ok(Disposition.All)).WithTags("Findings").RequireAuthorization(Policies.SignedIn)
            .WithSummary("The call dispositions, their AAPOR codes and Chinese names.");
        return app;
    }

    internal static async Task<Ok<List<SamplePersonView>>> SampleAsync(
        [AsParameters] UnitRequest u, RegistryQueries registry)
    {
        var inspection = await u.InspectionAsync();
        var state = await SampleState.LoadAsync(u.Db, inspection, u.Unit, u.Aborted);
        var phones = await u.Access.SeesPhonesAsync(u.User, u.Id, u.Unit, u.Aborted);
        var admin = u.User.IsInRole(Roles.Administrator);
        var views = new List<SamplePersonView>();
        var position = 0;
        foreach (var certificate in state.Active)
        {
            position++;
            var person = await registry.PersonAtVersionAsync(certificate, state.Draw.RegistryVersion, u.Aborted);
            var attempts = state.AttemptsOf(certificate);
            views.Add(new SamplePersonView(
                position, admin ? certificate : CertificateNumber.Mask(certificate), person?.Name ?? "",
                PhoneList.Show(person?.PhoneE164, phones), PhoneList.Show(person?.GuardianPhoneE164, phones),
                person is null ? "" : Vocabulary.Text(person.EmploymentStatus), person?.EmploymentForm is { } f ? Vocabulary.Text(f) : null,
                person?.Trained ?? false, person?.TrainingYear,
                state.Replacements.FirstOrDefault(r => r.ReserveCertificate == certificate) is { } replaced ? (admin ? replaced.ReplacedCertificate : CertificateNumber.Mask(replaced.ReplacedCertificate)) : null,
                attempts.Count, attempts.LastOrDefault()?.Disposition, Reachability.Unreachable(attempts, inspection.Policy),
                state.FindingOf(certificate) is { } finding ? View(finding) : null,
                // The appointment the person asked for, while no later attempt has kept it (confirmed or not: it is no evidence).
                state.AllAttemptsOf(certificate).LastOrDefault()?.CallbackAt,
                [.. state.AllAttemptsOf(certificate).Select(a => AttemptViewOf(a, Disposition.Find(a.Disposition)!))],
                person is null ? null : Vocabulary.Text(person.Category)));
        }

        return TypedResults.Ok(views);
    }

    internal static async Task<Created<AttemptView>> AttemptAsync(
        [AsParameters] UnitRequest u, int position, AttemptRequest request, AttemptRecorder recorder)
    {
        var inspection = await u.InspectionAsync();
        var state = await SampleState.LoadAsync(u.Db, inspection, u.Unit, u.Aborted);
        var certificate = PersonAt(state, position);
        var disposition = Disposition.Find(request.Disposition)
            ?? throw RequestRefusedException.BadRequest("unknown-disposition", $"拨打结果“{request.Disposition}”无效，应为：{string.Join("、", Disposition.All.Select(d => d.Code))}");
        if (string.IsNullOrWhiteSpace(request.Note))
            throw RequestRefusedException.BadRequest("note-required", "手工登记的拨打（在 Callback 之外拨打的电话）需要说明：用哪部电话、拨打经过和结果");
        var now = u.Time.GetUtcNow();
        var at = request.AttemptedAt ?? now;
        var previous = state.AllAttemptsOf(certificate).Select(a => a.AttemptedAt).ToList();
        if (AttemptRules.Check(inspection, state.Draw.DrawnAt, previous, at, now) is { } problem)
            throw RequestRefusedException.BadRequest(problem.Code, problem.Message);
        if (request.CallbackAt is { } appointment && (appointment <= at || !inspection.Policy.IsWithinCallingHours(appointment) || appointment > at.AddDays(30)))
            throw RequestRefusedException.BadRequest("bad-callback-time", $"约定回拨时间应在之后的 30 天内，且在允许的拨打时段（{inspection.Policy.CallingHours}）");

        var attempt = await recorder.RecordAsync(state, certificate,
            new AttemptRecorder.NewAttempt(disposition, at, request.Note.Trim(), request.CallbackAt, u.User.NameOrUnknown(), Proxy: request.Proxy ?? false), u.Aborted);
        return TypedResults.Created($"/api/inspections/{u.Id}/units/{u.Unit}/sample", AttemptViewOf(attempt, disposition));
    }

    internal static async Task<Ok<AttemptView>> ConfirmAsync(
        [AsParameters] UnitRequest u, int position, long attemptId, AttemptRecorder recorder)
    {
        var inspection = await u.InspectionAsync();
        var state = await SampleState.LoadAsync(u.Db, inspection, u.Unit, u.Aborted);
        var certificate = PersonAt(state, position);
        var attempt = state.AllAttemptsOf(certificate).FirstOrDefault(a => a.Id == attemptId)
            ?? throw RequestRefusedException.NotFound("attempt-not-found", $"第 {position} 位没有编号为 {attemptId} 的拨打记录");
        if (!attempt.EnteredByHand)
            throw RequestRefusedException.Conflict("not-entered-by-hand", "这次拨打由 Callback 拨出，无需确认");
        if (attempt.ConfirmedAt is not null)
            throw RequestRefusedException.Conflict("already-confirmed", $"这次拨打已由 {attempt.ConfirmedBy} 确认");
        // Four eyes: whoever typed an attempt cannot also make it count.
        if (attempt.RecordedBy == u.User.NameOrUnknown())
            throw RequestRefusedException.Forbidden("own-attempt", "不能确认自己手工登记的拨打：须由另一位督导或管理员确认");
        var confirmed = await recorder.ConfirmAsync(state, attempt, u.User.NameOrUnknown(), u.Aborted);
        return TypedResults.Ok(AttemptViewOf(confirmed, Disposition.Find(confirmed.Disposition)!));
    }

    internal static async Task<Created<FindingView>> FindingAsync(
        [AsParameters] UnitRequest u, int position, FindingRequest request, RegistryQueries registry, ComparisonRules rules, Evidence.EvidenceChain chain)
    {
        var inspection = await u.InspectionAsync();
        var state = await SampleState.LoadAsync(u.Db, inspection, u.Unit, u.Aborted);
        var certificate = PersonAt(state, position);
        var verdict = EnumValues.Parse(request.Verdict, "unknown-verdict", "结论",
            new Dictionary<string, Verdict> { ["真实"] = Verdict.Truthful, ["不真实"] = Verdict.Untruthful });
        if (string.IsNullOrWhiteSpace(request.Reason))
            throw RequestRefusedException.BadRequest("missing-reason", "请说明理由（核实结论和每次更正都需要理由）");
        var completed = state.AttemptsOf(certificate).LastOrDefault(a => a.Disposition == Disposition.Completed.Code)
            ?? throw (state.AllAttemptsOf(certificate).Any(a => a.Disposition == Disposition.Completed.Code)
                ? RequestRefusedException.Conflict("attempt-not-confirmed", "此人的完成核实是手工登记的，须经督导确认后才能据以得出结论")
                : RequestRefusedException.Conflict("not-verified", "此人尚未完成电话核实：只有完成的核实才能得出结论"));
        var latest = state.FindingOf(certificate)?.Sequence ?? 0;
        if (request.ExpectedSequence != latest)
            throw RequestRefusedException.Conflict("finding-conflict", $"结论已被他人更新（当前为第 {latest} 条），请刷新后再提交");

        // Answers typed by the inspector, or else those the IVR took in the completed call.
        var answers = request.Answers ?? completed.Answers ?? Answers.None;
        // What the person said in Callback's call is evidence: an inspector cannot type it over. An administrator,
        // who may listen to the recording, can correct what the IVR misheard.
        if (request.Answers is not null && completed.Answers is { } heard && !u.User.IsInRole(Roles.Administrator)
            && answers.FirstDifference(heard) is { } field)
        {
            throw RequestRefusedException.Forbidden("answers-differ-from-call",
                $"“{AnswerFields.Chinese(field)}”与通话中记录的回答不同：以通话记录为准；如语音识别有误，请由管理员复听录音后更正");
        }
        var person = await registry.PersonAtVersionAsync(certificate, state.Draw.RegistryVersion, u.Aborted)
            ?? throw RequestRefusedException.Conflict("person-missing", "抽取所用登记版本中找不到此人");
        if (rules.Unanswered(person, answers) is { Count: > 0 } unanswered)
            throw RequestRefusedException.BadRequest("missing-answer", $"结论须有每个核对项目的回答，缺少：{string.Join("、", unanswered.Select(AnswerFields.Chinese))}");
        var comparison = rules.Compare(person, answers);
        var differing = (request.DifferingFields ?? []).Distinct().ToList();
        if (verdict == Verdict.Untruthful)
        {
            if (differing.Count == 0)
                throw RequestRefusedException.BadRequest("differing-fields-required", "“不真实”的结论须指明哪些项目与登记不符（differingFields）");
            if (differing.FirstOrDefault(f => !comparison.Any(c => c.Field == f && c.Compared && !c.Matches)) is { } same)
                throw RequestRefusedException.BadRequest("field-does-not-differ", $"“{AnswerFields.Chinese(same)}”的回答与登记一致（或未核对），不能作为不真实的依据");
        }
        else if (differing.Count > 0)
        {
            throw RequestRefusedException.BadRequest("differing-fields-with-truthful", "“真实”的结论不应列出不符项目");
        }
        else if (comparison.Where(c => c.MakesUntruthful).Select(c => AnswerFields.Chinese(c.Field)).ToList() is { Count: > 0 } untruthful)
        {
            // The comparison rules decide what makes a record untruthful; a verdict cannot overrule them (in a
            // mutual check that would spare the inspected unit its deduction).
            throw RequestRefusedException.BadRequest("verdict-contradicts-answers",
                $"回答与登记在{string.Join("、", untruthful)}上不符，按核对规则应判为“不真实”：请改为 Untruthful 并列出不符项目；如记录的回答有误，请更正回答");
        }

        var entry = new FindingEntry
        {
            InspectionId = u.Id,
            UnitCode = u.Unit,
            CertificateNumber = certificate,
            Sequence = latest + 1,
            Answers = answers,
            ComparisonJson = JsonSerializer.Serialize(comparison, ReportJson.Options),
            Verdict = verdict,
            Reason = request.Reason.Trim(),
            RecordedBy = u.User.NameOrUnknown(),
            RecordedAt = ChainInstants.Kept(u.Time.GetUtcNow()),
            AttemptId = completed.Id,
            Proxy = completed.Proxy,
            DifferingFields = differing.Count == 0 ? null : string.Join(',', differing),
        };
        // Its events are saved by the same save as the entry.
        u.Events.Stage(u.Id, u.Unit, new FindingRecorded(position, entry.Sequence, verdict.ToString()));
        u.Events.Stage(u.Id, u.Unit, new ScorecardChanged());
        // Sealed onto the unit's chain. Findings for other persons of the unit may be stored at the same moment: the
        // database lets one entry follow a given head, so the one that loses re-reads the head and tries again.
        for (var attempt = 1; ; attempt++)
        {
            FindingChain.Seal(entry, await chain.HeadAsync(u.Id, u.Unit, u.Aborted));
            u.Db.FindingEntries.Add(entry);
            try
            {
                await u.Db.SaveChangesAsync(u.Aborted);
                break;
            }
            catch (DbUpdateException)
            {
                u.Db.Entry(entry).State = EntityState.Detached;
                var occupied = await u.Db.FindingEntries.AnyAsync(f => f.InspectionId == u.Id && f.CertificateNumber == certificate && f.Sequence == entry.Sequence, u.Aborted);
                if (occupied || attempt == 5)
                    throw RequestRefusedException.Conflict("finding-conflict", "另一条结论刚刚先一步提交，请刷新后再提交");
            }
        }

        u.Events.Saved();
        return TypedResults.Created($"/api/inspections/{u.Id}/units/{u.Unit}/sample/{position}/findings", View(entry));
    }

    internal static async Task<Ok<List<FindingView>>> HistoryAsync(
        [AsParameters] UnitRequest u, int position)
    {
        var inspection = await u.InspectionAsync();
        var state = await SampleState.LoadAsync(u.Db, inspection, u.Unit, u.Aborted);
        var certificate = PersonAt(state, position);
        return TypedResults.Ok(state.Findings.Where(f => f.CertificateNumber == certificate).OrderBy(f => f.Sequence).Select(View).ToList());
    }

    internal static string PersonAt(SampleState state, int position)
    {
        if (position < 1 || position > state.Active.Count)
            throw RequestRefusedException.NotFound("not-in-sample", $"抽取名单中没有第 {position} 位（共 {state.Active.Count} 位）");
        return state.Active[position - 1];
    }

    private static FindingView View(FindingEntry f) => new(
        f.Id, f.Sequence, f.Verdict.ToString(), f.Reason, f.Answers,
        JsonSerializer.Deserialize<List<FieldComparison>>(f.ComparisonJson, ReportJson.Options) ?? [], f.RecordedBy, f.RecordedAt, f.Sequence > 1,
        f.DifferingFields?.Split(',') ?? [], f.Proxy);

    private static AttemptView AttemptViewOf(CallAttempt a, Disposition d) =>
        new(a.Id, a.AttemptedAt, a.Disposition, a.AaporCode, d.Chinese, a.Note, a.CallbackAt, a.RecordedBy,
            a.EnteredByHand ? "by-hand" : a.TextLinkId is not null ? "text" : "callback", a.Counts, a.ConfirmedBy, a.ConfirmedAt, a.Proxy);
}
