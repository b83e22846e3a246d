using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Registry;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Host.Findings;
using Callback.Host.Inspections;
using Callback.Persistence;
using Callback.Telephony;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Calls;

/// <summary>An inspector places a verification call; anyone signed in follows it.</summary>
/// <param name="Language">zh (default, spoken by the Mandarin voice) or mn (the script's recorded Mongolian prompts).</param>
public sealed record PlaceCallRequest([StringLength(16)] string? Mode, SimulatedPerson? Simulation, [StringLength(8)] string? Language = null);

public sealed record CallView(
    long Id, string UnitCode, string Certificate, string Mode, string Script, string Provider, string? ProviderCallSid, string To,
    string Status, string? Disposition, string? Consent, string? ConsentMethod, bool Recorded, string? RecordingStatus,
    string? RecordingSha256, double? RecordingSeconds, bool? RecordingSilent, DateTimeOffset? RecordingDeletedAt,
    Answers Answers, long? AttemptId, string? FailureCode, string? FailureMessage, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt);

public static class CallsEndpoints
{
    public static IEndpointRouteBuilder MapCallsApi(this IEndpointRouteBuilder app)
    {
        app.MapUnitGroup("/sample", "Calls").MapPost("/{position:int}/calls", PlaceAsync).Inspects()
            .WithSummary("Place a verification call (IVR-led or agent-led). A call that cannot be placed says why and is kept on record.");
        app.MapGet("/api/calls/{callId:long}", GetAsync).WithTags("Calls").RequireAuthorization(Policies.SignedIn)
            .WithSummary("A call: status, disposition, consent, recording seal, answers (the unit's inspectors, supervisors, administrators).");
        // The provider fetches recorded prompts without credentials: only files a script names are served.
        app.MapGet("/telephony/prompts/{scriptKey}/{**path}", (string scriptKey, string path, CallScripts scripts) =>
            scripts.Prompt(scriptKey, path) is { } wav ? Results.File(wav, "audio/wav") : Results.NotFound())
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    internal static async Task<Created<CallView>> PlaceAsync(
        [AsParameters] UnitRequest u, int position, PlaceCallRequest request, CallService calls)
    {
        var inspection = await u.InspectionAsync();
        var mode = request.Mode is null ? CallMode.Ivr : EnumValues.Parse(request.Mode, "unknown-mode", "通话模式",
            new Dictionary<string, CallMode> { ["语音自动问答"] = CallMode.Ivr, ["人工核查"] = CallMode.Agent });
        if (request.Simulation is { } s && !SimulatedPerson.Behaviours.Contains(s.Answer))
            throw RequestRefusedException.BadRequest("unknown-behaviour", $"模拟行为“{s.Answer}”无效，应为 {string.Join("、", SimulatedPerson.Behaviours)}");
        var state = await SampleState.LoadAsync(u.Db, inspection, u.Unit, u.Aborted);
        if (position < 1 || position > state.Active.Count)
            throw RequestRefusedException.NotFound("not-in-sample", $"抽取名单中没有第 {position} 位（共 {state.Active.Count} 位）");
        var call = await calls.PlaceAsync(inspection, state, state.Active[position - 1], mode, request.Language ?? "zh", request.Simulation, u.User, u.Aborted);
        return TypedResults.Created($"/api/calls/{call.Id}", await ViewAsync(u.Db, call, u.User, u.Aborted));
    }

    internal static async Task<Ok<CallView>> GetAsync(long callId, ClaimsPrincipal user, CallbackDbContext db, InspectionAccess access, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct)
            ?? throw RequestRefusedException.NotFound("call-not-found", $"通话 {callId} 不存在");
        await access.EnsureMaySeeAsync(user, await access.FindAsync(call.InspectionId, ct), call.UnitCode, ct);
        return TypedResults.Ok(await ViewAsync(db, call, user, ct));
    }

    private static async Task<CallView> ViewAsync(CallbackDbContext db, Call call, ClaimsPrincipal user, CancellationToken ct)
    {
        var consent = await db.ConsentEvents.AsNoTracking().Where(e => e.CallId == call.Id).OrderBy(e => e.Id).LastOrDefaultAsync(ct);
        var admin = user.IsInRole(Callback.Persistence.Identity.Roles.Administrator);
        return new CallView(
            call.Id, call.UnitCode, admin ? call.CertificateNumber : CertificateNumber.Mask(call.CertificateNumber), call.Mode.ToString(), call.ScriptKey,
            call.Provider, call.ProviderCallSid, admin ? call.To : PhoneList.Mask(call.To), call.Status, call.Disposition,
            consent?.Value.ToString(), consent?.Method, call.Recording?.Sid is not null, call.Recording is { } r ? RecordingEvidence.Code(r.Status) : null,
            call.Recording?.Sha256, call.Recording?.Seconds, call.Recording?.Silent, call.Recording?.DeletedAt, call.Conversation.Answers, call.AttemptId,
            call.FailureCode, call.FailureMessage, call.CreatedAt, call.EndedAt);
    }
}
