using System.Security.Claims;
using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Domain.Calls.Scripts;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Host.Findings;
using Callback.Persistence;
using Callback.Persistence.Identity;
using Callback.Persistence.Registry;
using Callback.Telephony;
using Callback.Telephony.Resilience;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Callback.Host.Calls;

/// <summary>
/// Places verification calls and runs them: the provider asks for instructions (voice, gather), reports progress
/// (status) and recordings; this service answers from the call script, records consent before anything else,
/// starts recording only after a recorded "yes", and turns the ended call into an attempt with its disposition.
/// </summary>
public sealed partial class CallService(
    CallbackDbContext db,
    ITelephonyProvider provider,
    CallPacer pacer,
    CallScripts scripts,
    WebhookUrls urls,
    RegistryQueries registry,
    AttemptRecorder attempts,
    InspectionEvents events,
    UserManager<CallbackUser> users,
    IOptions<TelephonyOptions> options,
    Recordings.RecordingProcessor recordings,
    UnitOfWork work,
    TimeProvider time,
    ILogger<CallService> logger)
{
    public async Task<Call> PlaceAsync(
        Inspection inspection, SampleState state, string certificate, CallMode mode, string language, SimulatedPerson? simulation, ClaimsPrincipal user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(state);
        var person = await registry.PersonAtVersionAsync(certificate, state.Draw.RegistryVersion, ct)
            ?? throw RequestRefusedException.Conflict("person-missing", "抽取所用登记版本中找不到此人");
        if (DialGuard.Check(person, provider.ReachesRealPhones) is { } refusal)
            throw RequestRefusedException.BadRequest(refusal.Code, refusal.Message);
        if (simulation is not null && provider.ReachesRealPhones)
            throw RequestRefusedException.BadRequest("simulation-needs-simulator", "只有模拟器可以按设定的行为接听");
        if (language is not ("zh" or "mn"))
            throw RequestRefusedException.BadRequest("unknown-language", $"语言“{language}”无效，应为 zh（普通话）或 mn（蒙古语）");
        if (language == "mn" && !CallScripts.Speaks(scripts.Current(), "mn"))
            throw RequestRefusedException.BadRequest("no-mongolian-prompts", $"脚本 {scripts.Current().Key} 还没有全部步骤的蒙古语录音，暂时不能用蒙古语拨打");
        var now = time.GetUtcNow();
        if (!inspection.Policy.IsWithinCallingHours(now))
            throw OutsideCallingHours(inspection);
        await EnsureNoLiveCallAsync(inspection.Id, certificate, ct);
        if (AttemptRules.DailyLimit(inspection.Policy, state.AllAttemptsOf(certificate).Select(a => a.AttemptedAt), now) is { } limit)
            throw RequestRefusedException.Conflict(limit.Code, limit.Message);

        // The person's own number first; a guardian's when the person has none (often 智力 / 精神): the script then
        // speaks to the guardian about the person from its first question.
        var toGuardian = person.PhoneE164 is null;
        var to = (person.PhoneE164 ?? person.GuardianPhoneE164)!.Split(';')[0];
        string? agentNumber = null;
        if (mode == CallMode.Agent)
        {
            var inspector = await users.GetUserAsync(user);
            agentNumber = inspector?.PhoneNumber;
            if (string.IsNullOrWhiteSpace(agentNumber) || !agentNumber.StartsWith('+'))
                throw RequestRefusedException.BadRequest("no-agent-number", "人工核查模式需要在您的账户中登记本人电话（E.164，如 +8613800000000）");
        }

        var call = new Call
        {
            InspectionId = inspection.Id,
            UnitCode = state.Draw.Unit,
            CertificateNumber = certificate,
            Mode = mode,
            ScriptKey = scripts.Current().Key,
            Provider = provider.Name,
            To = to,
            AgentNumber = agentNumber,
            CreatedAt = now,
            CreatedBy = user.NameOrUnknown(),
            Conversation = new ConversationState
            {
                Fill = new() { ["centre"] = options.Value.CentreName, ["name"] = person.Name },
                Language = language,
                ToGuardian = toGuardian,
            },
        };
        db.Calls.Add(call);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request placed a call to this person a moment ago (IX_Calls_OneLiveCallPerPerson).
            db.Entry(call).State = EntityState.Detached;
            await EnsureNoLiveCallAsync(inspection.Id, certificate, ct);
            throw;
        }

        try
        {
            await pacer.WaitTurnAsync(ct);
            var outgoing = new OutgoingCall(to, urls.Voice(call.Id), urls.Status(call.Id), options.Value.RingSeconds, simulation, urls.MachineDetection(call.Id));
            var sid = await provider.PlaceCallAsync(outgoing, ct);
            // Only the sid (and the version, so that a webhook that read the call before writes again on this): status
            // callbacks may already be updating the call. The object here is no longer tracked, never saved stale.
            await db.Calls.Where(c => c.Id == call.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.ProviderCallSid, sid).SetProperty(c => c.Version, c => c.Version + 1), ct);
            db.Entry(call).State = EntityState.Detached;
            call.ProviderCallSid = sid;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Nothing is lost: the call stays on record with why it could not be placed.
            var (code, message) = Explain(e);
            await db.Calls.Where(c => c.Id == call.Id).ExecuteUpdateAsync(u => u
                .SetProperty(c => c.Status, CallStatuses.Failed).SetProperty(c => c.FailureCode, code).SetProperty(c => c.FailureMessage, message)
                .SetProperty(c => c.Version, c => c.Version + 1), ct);
            db.Entry(call).State = EntityState.Detached;
            LogNotPlaced(logger, e, call.Id);
            throw new RequestRefusedException(StatusCodes.Status502BadGateway, code, message);
        }

        await events.PublishAsync(inspection.Id, call.UnitCode, new CallPlaced(call.Id));
        return call;
    }

    private async Task EnsureNoLiveCallAsync(int inspectionId, string certificate, CancellationToken ct)
    {
        var live = await db.Calls.AsNoTracking()
            .Where(c => c.InspectionId == inspectionId && c.CertificateNumber == certificate)
            .Where(c => !CallStatuses.Terminal.Contains(c.Status))
            .Select(c => new { c.Id, c.Status, c.CreatedBy })
            .FirstOrDefaultAsync(ct);
        if (live is not null)
        {
            throw new RequestRefusedException(StatusCodes.Status409Conflict, "call-in-progress",
                $"此人正在通话中（通话 {live.Id}，{live.CreatedBy} 拨出，状态 {live.Status}）：同一人同时只能有一个通话，请等这次通话结束") { Extensions = { ["callId"] = live.Id } };
        }
    }

    /// <summary>Outside the calling hours: says when calling opens again, and how an administrator may widen the hours.</summary>
    private RequestRefusedException OutsideCallingHours(Inspection inspection)
    {
        var policy = inspection.Policy;
        var next = policy.NextOpening(time.GetUtcNow());
        return RequestRefusedException.BadRequest("outside-calling-hours",
            $"现在不在允许的拨打时段内（{policy.TimeZone} {policy.CallingHours}），请尊重被访者的作息。下一次可拨打的时间：{next:yyyy-MM-dd HH:mm}（{policy.TimeZone}）；" +
            $"在首次拨打之前，管理员可用 PUT /api/inspections/{inspection.Id}/policy 调整拨打时段");
    }

    /// <summary>The provider asks what to say first.</summary>
    public async Task<string> VoiceAsync(long callId, string? callSid, CancellationToken ct)
    {
        var (call, script, state) = await LoadAsync(callId, callSid, ct);
        var prompt = Conversation.Start(script, state, call.Mode, state.Fill);
        await db.SaveChangesAsync(ct);
        return TwimlWriter.Write(script, prompt, step => urls.Gather(call.Id, step), call.AgentNumber, provider.FromNumber, Audio(script, state));
    }

    /// <summary>The person pressed keys, spoke, or stayed silent at a step.</summary>
    public async Task<string> GatherAsync(long callId, string? callSid, string step, string? digits, string? speech, CancellationToken ct)
    {
        var (call, script, state) = await LoadAsync(callId, callSid, ct);
        var result = Conversation.Apply(script, state, call.Mode, state.Fill, step, digits, speech);
        if (result.ConsentDecided is { } consent)
        {
            // The consent is on record before anything acts on it.
            db.ConsentEvents.Add(new ConsentEvent { CallId = call.Id, At = time.GetUtcNow(), Value = consent, Method = result.ConsentMethod!, ScriptKey = script.Key });
            await db.SaveChangesAsync(ct);
            if (consent == ConsentState.Yes && call.ProviderCallSid is { } sid)
            {
                RecordingEvidence recording;
                try
                {
                    var recordingSid = await provider.StartRecordingAsync(sid, urls.Recording(call.Id), ct);
                    recording = new RecordingEvidence { Status = RecordingStatus.Requested, Sid = recordingSid };
                }
                catch (TelephonyException e)
                {
                    // The conversation goes on unrecorded; the evidence says why.
                    recording = new RecordingEvidence { Status = RecordingStatus.FailedToStart };
                    LogRecordingFailed(logger, e, call.Id);
                }

                // The step itself is saved already: if the call was saved meanwhile (its placement storing the sid, a
                // status), only the recording is written again on what that wrote. Handling the whole webhook again
                // would find its step done (and only put the next question) and lose the recording the provider has started.
                await SaveRecordingStartedAsync(call, recording, ct);
            }
        }

        await db.SaveChangesAsync(ct);
        if (call.Recording is { Status: RecordingStatus.Requested } && result.ConsentDecided == ConsentState.Yes)
            Failpoints.Reach(Failpoints.RecordingRequested);
        return TwimlWriter.Write(script, result.Next, s => urls.Gather(call.Id, s), call.AgentNumber, provider.FromNumber, Audio(script, state));
    }

    private async Task SaveRecordingStartedAsync(Call call, RecordingEvidence recording, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            call.Recording = recording;
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // Only the recording's columns are written (and the version): taken on the version the other wrote.
                db.Entry(call).Property(c => c.Version).OriginalValue =
                    await db.Calls.AsNoTracking().Where(c => c.Id == call.Id).Select(c => c.Version).SingleAsync(ct);
            }
        }
    }

    /// <summary>
    /// A status callback: applied once, in order, and never after a terminal status. <paramref name="sipResponseCode"/>
    /// (a failed call's carrier answer) and <paramref name="answeredBy"/> decide the outcome with the conversation.
    /// </summary>
    public async Task StatusAsync(long callId, string? callSid, string status, int sequence, CancellationToken ct, int? sipResponseCode = null, string? answeredBy = null)
    {
        var (call, script, state) = await LoadAsync(callId, callSid, ct);
        if (!call.ApplyStatus(status, sequence))
            return;
        // The end of a call is one step: its status, the attempt it becomes, a replacement that causes, and their events
        // commit together or not at all (a process that dies half-way leaves the call as it was, for the reconciler).
        await work.RunAsync(async () =>
        {
            call.StatusChangedAt = time.GetUtcNow();
            call.SipResponseCode = sipResponseCode ?? call.SipResponseCode;
            call.AnsweredBy = answeredBy ?? call.AnsweredBy;
            await db.SaveChangesAsync(ct);
            await events.PublishAsync(call.InspectionId, call.UnitCode, new CallStatusChanged(call.Id, status));
            if (CallStatuses.IsTerminal(status))
            {
                await FinishAsync(call, script, state, ct);
                Failpoints.Reach(Failpoints.CallEndSaved);
            }
        }, ct);
        if (CallStatuses.IsTerminal(status))
            Failpoints.Reach(Failpoints.CallEndCommitted);
    }

    /// <summary>
    /// A call whose status is terminal but which never became an attempt (its end was interrupted before this step was one
    /// transaction): finished now, once. Returns whether it was.
    /// </summary>
    public async Task<bool> FinishEndedAsync(long callId, CancellationToken ct)
    {
        var (call, script, state) = await LoadAsync(callId, null, ct);
        if (!CallStatuses.IsTerminal(call.Status) || call.AttemptId is not null)
            return false;
        await work.RunAsync(() => FinishAsync(call, script, state, ct), ct);
        return true;
    }

    /// <summary>
    /// Answering-machine detection's verdict (asynchronous, a few seconds into the call). A machine is hung up at once:
    /// nobody is there to verify, and nothing is left on it; the call ends as "answering machine" (try again).
    /// </summary>
    public async Task MachineDetectedAsync(long callId, string? callSid, string? answeredBy, CancellationToken ct)
    {
        var (call, _, state) = await LoadAsync(callId, callSid, ct);
        if (string.IsNullOrEmpty(answeredBy) || CallStatuses.IsTerminal(call.Status))
            return;
        call.AnsweredBy = answeredBy;
        await db.SaveChangesAsync(ct);
        // A verdict that comes after someone has said who they are is wrong (or late): never cut a person off.
        if (CallOutcome.IsMachine(answeredBy) && state.Who is null && state.Answers.IsEmpty && call.ProviderCallSid is { } sid)
        {
            try
            {
                await provider.HangUpAsync(sid, ct);
            }
            catch (TelephonyException e)
            {
                // The machine hears the greeting to its end; the outcome is the same.
                LogHangUpFailed(logger, e, call.Id);
            }
        }
    }

    /// <summary>A recording's status callback (or the reconciler's fetch of it); returns whether it changed anything.</summary>
    public async Task<bool> RecordingAsync(long callId, string? recordingSid, string? status, string? url, CancellationToken ct)
    {
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId, ct)
            ?? throw RequestRefusedException.NotFound("call-not-found", $"通话 {callId} 不存在");
        // A report about another recording, or with a status the provider does not define, changes nothing.
        if (call.Recording is not { } recording || (recordingSid is not null && recording.Sid is not null && recordingSid != recording.Sid))
            return false;
        if (RecordingEvidence.TryFromProvider(status) is not { } reported)
        {
            LogUnknownRecordingStatus(logger, call.Id, status);
            return false;
        }

        if (!recording.Report(reported, url, recordingSid))
            return false;
        await db.SaveChangesAsync(ct);
        if (recording.AwaitsDownload)
        {
            Failpoints.Reach(Failpoints.RecordingReported);
            recordings.Enqueue(call.Id);
        }
        return true;
    }

    private async Task FinishAsync(Call call, CallScript script, ConversationState state, CancellationToken ct)
    {
        // Once: a call already an attempt is not made another.
        if (call.AttemptId is not null)
            return;
        var disposition = CallOutcome.Of(call, state, Conversation.AllAnswered(script, state));
        var inspection = await db.Inspections.FirstAsync(i => i.Id == call.InspectionId, ct);
        var sample = await SampleState.LoadAsync(db, inspection, call.UnitCode, ct);
        var attempt = await attempts.RecordAsync(sample, call.CertificateNumber, new AttemptRecorder.NewAttempt(
            disposition, call.CreatedAt, $"通话 {call.Id}（{call.Provider}）", null, call.CreatedBy, call.Id,
            state.Answers.IsEmpty ? null : state.Answers, Proxy: state.Proxy), ct);
        call.Disposition = disposition.Code;
        call.AttemptId = attempt.Id;
        call.EndedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(call.InspectionId, call.UnitCode, new CallEnded(call.Id, disposition.Code));
    }

    private async Task<(Call Call, CallScript Script, ConversationState State)> LoadAsync(long callId, string? callSid, CancellationToken ct)
    {
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId, ct)
            ?? throw RequestRefusedException.NotFound("call-not-found", $"通话 {callId} 不存在");
        // The provider's webhooks may arrive before the call's placement has stored its sid: take it from them.
        if (callSid is not null)
        {
            if (call.ProviderCallSid is null)
                call.ProviderCallSid = callSid;
            else if (call.ProviderCallSid != callSid)
                throw RequestRefusedException.Conflict("call-sid-mismatch", "webhook 的 CallSid 与这通电话不符");
        }

        var script = scripts.Find(call.ScriptKey) ?? throw RequestRefusedException.Conflict("script-missing", $"通话所用的脚本 {call.ScriptKey} 已不存在");
        return (call, script, call.Conversation);
    }

    /// <summary>The recorded prompt of a step in the call's language (Mongolian), or null to speak the Mandarin text.</summary>
    private Func<string, Uri?> Audio(CallScript script, ConversationState state) => stepId =>
        state.Language != "zh" && script.Find(stepId)?.Audio is { } audio && audio.TryGetValue(state.Language, out var path)
            ? urls.Prompt(script.Key, path)
            : null;

    /// <summary>Why a call or an SMS could not go: the port's own failure, or (never expected) anything else.</summary>
    internal static (string Code, string Message) Explain(Exception e) => e switch
    {
        TelephonyException failure => (failure.Code, failure.Message),
        _ => ("provider-unreachable", "无法连接电话服务，请稍后再试"),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: the provider reported a recording status Callback does not know ({Status}); ignored")]
    private static partial void LogUnknownRecordingStatus(ILogger logger, long callId, string? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId} could not be placed")]
    private static partial void LogNotPlaced(ILogger logger, Exception exception, long callId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call {CallId}: an answering machine could not be hung up")]
    private static partial void LogHangUpFailed(ILogger logger, Exception exception, long callId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording could not be started for call {CallId}; the call goes on unrecorded")]
    private static partial void LogRecordingFailed(ILogger logger, Exception exception, long callId);
}
