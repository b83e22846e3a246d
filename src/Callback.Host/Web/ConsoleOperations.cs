using System.Security.Claims;
using Callback.Domain.Calls;
using Callback.Domain.Scoring;
using Callback.Host.Calls;
using Callback.Host.Events;
using Callback.Host.Findings;
using Callback.Host.Inspections;
using Callback.Host.Scoring;
using Callback.Persistence;
using Callback.Persistence.Registry;
using Callback.Domain.Regions;
using Callback.Telephony;
using Callback.Telephony.Simulator;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Web;

/// <summary>
/// What the inspector reads out in an agent-led call: the script's questions, filled in for this person. The registry's
/// values are not part of it, so nothing on screen can lead the questions.
/// </summary>
/// <param name="Guardian">A guardian said they are on the line: the questions are put in their guardian words, about the person.</param>
public sealed record AgentScript(IReadOnlyList<Domain.Calls.Scripts.ScriptStep> Questions, IReadOnlyDictionary<string, string> Fill, bool Guardian = false);

/// <summary>One call to a sampled person as evidence: the call itself, when the consent was given, and whether this user may play its recording.</summary>
public sealed record CallEvidence(CallView Call, DateTimeOffset? ConsentAt, bool Playable);

/// <summary>
/// Everything a finding rests on, for anyone who may see the unit: each finding entry (who decided what, when and why),
/// each attempt, and each call with its consent, answers and recording seal.
/// </summary>
public sealed record Evidence(SamplePersonView Person, IReadOnlyList<FindingView> Findings, IReadOnlyList<CallEvidence> Calls, bool MayListen);

/// <summary>One call in progress, as the dashboard lists it (no personal data but the masked number); <paramref name="Since"/>: in its present state since.</summary>
public sealed record LiveCall(long Id, string UnitCode, string Certificate, string Mode, string Status, DateTimeOffset CreatedAt, string? ProviderCallSid, DateTimeOffset Since);

/// <summary>
/// What the console's pages do, each through the API's own handler and the same access checks as its route
/// filter: one set of rules. Each operation runs in a scope of its own (a fresh database context), because a
/// circuit lives for hours and a context must not.
/// </summary>
public sealed class ConsoleOperations(IServiceScopeFactory scopes, AuthenticationStateProvider authentication)
{
    public async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public Task<List<InspectionView>> InspectionsAsync(CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var db = s.GetRequiredService<CallbackDbContext>();
        var regions = s.GetRequiredService<RegionCatalog>();
        var inspections = await db.Inspections.AsNoTracking().OrderByDescending(i => i.Id).ToListAsync(ct);
        var assignments = await db.InspectorAssignments.AsNoTracking().ToListAsync(ct);
        var access = s.GetRequiredService<InspectionAccess>();
        var visible = new List<InspectionView>();
        foreach (var inspection in inspections)
        {
            if ((await access.VisibleUnitsAsync(user, inspection, ct)).Count > 0)
                visible.Add(InspectionView.From(inspection, assignments.Where(a => a.InspectionId == inspection.Id), regions));
        }

        return visible;
    });

    /// <summary>The units of the inspection this user may see: every unit for supervisors and administrators, their own for inspectors.</summary>
    public Task<IReadOnlyCollection<string>> UnitsAsync(int inspectionId, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var access = s.GetRequiredService<InspectionAccess>();
        return await access.VisibleUnitsAsync(user, await access.FindAsync(inspectionId, ct), ct);
    });

    public Task<List<SamplePersonView>> SampleAsync(int inspectionId, string unit, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var u = await SeeAsync(s, user, inspectionId, unit, ct);
        return (await FindingsEndpoints.SampleAsync(u, s.GetRequiredService<RegistryQueries>())).Value!;
    });

    public Task<Scorecard> ScorecardAsync(int inspectionId, string unit, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var u = await SeeAsync(s, user, inspectionId, unit, ct);
        return await s.GetRequiredService<ScorecardService>().ComputeAsync(await u.InspectionAsync(), unit, ct);
    });

    /// <summary>Places a call from the console; <paramref name="answerByHand"/> lets the simulated phone panel answer it.</summary>
    public Task<CallView> PlaceCallAsync(int inspectionId, string unit, int position, CallMode mode, bool answerByHand, CancellationToken ct = default) =>
        RunAsync(async (s, user) =>
        {
            var u = await ActAsync(s, user, inspectionId, unit, inspects: true, changesScorecard: false, ct);
            var request = new PlaceCallRequest(mode == CallMode.Agent ? "Agent" : "Ivr", answerByHand ? new SimulatedPerson(SimulatedPerson.Manual) : null);
            var created = await CallsEndpoints.PlaceAsync(u, position, request, s.GetRequiredService<CallService>());
            return created.Value!;
        });

    public Task<CallView> CallAsync(long callId, CancellationToken ct = default) => RunAsync(async (s, user) =>
        (await CallsEndpoints.GetAsync(callId, user, s.GetRequiredService<CallbackDbContext>(), s.GetRequiredService<InspectionAccess>(), ct)).Value!);

    /// <summary>
    /// The comparison rules' proposal for the person at <paramref name="position"/>: the registry beside the answers of
    /// their last completed call, field by field (null while no call is completed). Nothing is recorded.
    /// </summary>
    /// <remarks><paramref name="taken"/>: the answers an inspector took in an agent-led call.</remarks>
    public Task<IReadOnlyList<Domain.Findings.FieldComparison>?> ProposalAsync(
        int inspectionId, string unit, int position, Domain.Findings.Answers? taken = null, CancellationToken ct = default) =>
        RunAsync(async (s, user) =>
        {
            var u = await SeeAsync(s, user, inspectionId, unit, ct);
            var state = await SampleState.LoadAsync(u.Db, await u.InspectionAsync(), unit, ct);
            var certificate = FindingsEndpoints.PersonAt(state, position);
            var completed = state.AttemptsOf(certificate).LastOrDefault(a => a.Disposition == Disposition.Completed.Code);
            var answers = completed?.Answers ?? (completed is not null && taken is { IsEmpty: false } ? taken : null);
            if (answers is null)
                return (IReadOnlyList<Domain.Findings.FieldComparison>?)null;
            var person = await s.GetRequiredService<RegistryQueries>().PersonAtVersionAsync(certificate, state.Draw.RegistryVersion, ct);
            return person is null ? null : s.GetRequiredService<Domain.Findings.ComparisonRules>().Compare(person, answers);
        });

    /// <summary>The questions of the call's own script (the version it was placed with), for the inspector to ask.</summary>
    public Task<AgentScript> AgentScriptAsync(long callId, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var view = await CallAsync(callId, ct); // the access check of the call's route
        var call = await s.GetRequiredService<CallbackDbContext>().Calls.AsNoTracking().FirstAsync(c => c.Id == callId, ct);
        var script = s.GetRequiredService<CallScripts>().All.FirstOrDefault(x => x.Key == view.Script) ?? s.GetRequiredService<CallScripts>().Current();
        var state = call.Conversation;
        return new AgentScript([.. script.Steps.Where(step => step.Kind == Domain.Calls.Scripts.ScriptStep.Question)], state.Fill, state.Proxy);
    });

    /// <summary>
    /// An attempt typed by the inspector: a call made outside Callback, an appointment the person asked for, a
    /// non-contact. Through the API's handler: a note is required and a supervisor confirms it before it counts.
    /// </summary>
    public Task<AttemptView> RecordAttemptAsync(int inspectionId, string unit, int position, AttemptRequest request, CancellationToken ct = default) =>
        RunAsync(async (s, user) =>
        {
            RequestValidation.Valid(request);
            var u = await ActAsync(s, user, inspectionId, unit, inspects: true, changesScorecard: true, ct);
            return (await FindingsEndpoints.AttemptAsync(u, position, request, s.GetRequiredService<AttemptRecorder>())).Value!;
        });

    /// <summary>Records the inspector's verdict through the API's own handler (every rule of a finding applies).</summary>
    public Task<FindingView> RecordFindingAsync(int inspectionId, string unit, int position, FindingRequest request, CancellationToken ct = default) =>
        RunAsync(async (s, user) =>
        {
            RequestValidation.Valid(request);
            var u = await ActAsync(s, user, inspectionId, unit, inspects: true, changesScorecard: true, ct);
            var created = await FindingsEndpoints.FindingAsync(u, position, request, s.GetRequiredService<RegistryQueries>(), s.GetRequiredService<Domain.Findings.ComparisonRules>(), s.GetRequiredService<Callback.Host.Evidence.EvidenceChain>());
            return created.Value!;
        });

    /// <summary>A supervisor confirms an attempt an inspector typed by hand (four eyes: never their own).</summary>
    public Task<AttemptView> ConfirmAttemptAsync(int inspectionId, string unit, int position, long attemptId, CancellationToken ct = default) =>
        RunAsync(async (s, user) =>
        {
            if (!user.IsInRole(Persistence.Identity.Roles.Supervisor) && !user.IsInRole(Persistence.Identity.Roles.Administrator))
                throw Common.RequestRefusedException.Forbidden("not-allowed", "只有督导或管理员可以确认手工登记的拨打");
            var u = await ActAsync(s, user, inspectionId, unit, inspects: false, changesScorecard: true, ct);
            return (await FindingsEndpoints.ConfirmAsync(u, position, attemptId, s.GetRequiredService<AttemptRecorder>())).Value!;
        });

    /// <summary>An inspector's score for one of the items the form leaves to them, with its note and evidence.</summary>
    public Task<Scorecard> ScoreItemAsync(int inspectionId, string unit, string code, ItemScoreRequest request, CancellationToken ct = default) =>
        RunAsync(async (s, user) =>
        {
            var u = await ActAsync(s, user, inspectionId, unit, inspects: true, changesScorecard: true, ct);
            return (await ScoringEndpoints.ScoreItemAsync(u, code, RequestValidation.Valid(request), s.GetRequiredService<ScorecardService>())).Value!;
        });

    /// <summary>Items 4.1 and 4.2: the coverage and entry rates read from the real-name system, with where they were read.</summary>
    public Task<Scorecard> FiguresAsync(int inspectionId, string unit, FiguresRequest request, CancellationToken ct = default) =>
        RunAsync(async (s, user) =>
        {
            var u = await ActAsync(s, user, inspectionId, unit, inspects: true, changesScorecard: true, ct);
            return (await ScoringEndpoints.FiguresAsync(u, RequestValidation.Valid(request), s.GetRequiredService<ScorecardService>())).Value!;
        });

    /// <summary>The unit's feedback (反馈意见) with rectification deadlines, oldest first.</summary>
    public Task<List<FeedbackItem>> FeedbackAsync(int inspectionId, string unit, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var u = await SeeAsync(s, user, inspectionId, unit, ct);
        return await u.Db.FeedbackItems.AsNoTracking().Where(f => f.InspectionId == inspectionId && f.UnitCode == unit).OrderBy(f => f.Id).ToListAsync(ct);
    });

    public Task<FeedbackItem> AddFeedbackAsync(int inspectionId, string unit, FeedbackRequest request, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var u = await ActAsync(s, user, inspectionId, unit, inspects: true, changesScorecard: false, ct);
        return (await ScoringEndpoints.AddFeedbackAsync(u, RequestValidation.Valid(request))).Value!;
    });

    /// <summary>Marks a feedback item rectified or closed (the handler checks who may, and that a closed item stays closed).</summary>
    public Task<FeedbackItem> FeedbackStatusAsync(int inspectionId, long feedbackId, FeedbackStatusRequest request, CancellationToken ct = default) =>
        RunAsync(async (s, user) => (await ScoringEndpoints.FeedbackStatusAsync(inspectionId, feedbackId, RequestValidation.Valid(request), user,
            s.GetRequiredService<InspectionAccess>(), s.GetRequiredService<CallbackDbContext>(), s.GetRequiredService<InspectionEvents>(),
            s.GetRequiredService<TimeProvider>(), ct)).Value!);

    /// <summary>Locks the unit's scorecard as final (the handler refuses anyone but supervisors and administrators).</summary>
    public Task<Scorecard> LockAsync(int inspectionId, string unit, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var u = await ActAsync(s, user, inspectionId, unit, inspects: false, changesScorecard: true, ct);
        return (await ScoringEndpoints.LockAsync(u, s.GetRequiredService<ScorecardService>(), s.GetRequiredService<Callback.Host.Evidence.EvidenceChain>())).Value!;
    });

    /// <summary>
    /// Sends the person at <paramref name="position"/> an SMS with a one-time link to the verification form. With the
    /// simulator, also returns the SMS as delivered (the demo opens its link); never with a real provider.
    /// </summary>
    public Task<(Texts.TextLinkView Link, string? SimulatedSms)> SendTextAsync(int inspectionId, string unit, int position, CancellationToken ct = default) =>
        RunAsync(async (s, user) =>
        {
            var u = await ActAsync(s, user, inspectionId, unit, inspects: true, changesScorecard: false, ct);
            var link = await s.GetRequiredService<Texts.TextLinks>().SendAsync(u, position);
            string? sms = null;
            if (s.GetRequiredService<ITelephonyProvider>().Simulator() is { } simulator)
            {
                var sid = await u.Db.TextLinks.AsNoTracking().Where(l => l.Id == link.Id).Select(l => l.MessageSid).FirstAsync(ct);
                sms = simulator.Texts.LastOrDefault(t => t.Sid == sid)?.Body;
            }

            return (link, sms);
        });

    /// <summary>The unit's verification plan with each person's next step, or null when none was started.</summary>
    public Task<Plans.PlanView?> PlanAsync(int inspectionId, string unit, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var u = await SeeAsync(s, user, inspectionId, unit, ct);
        var plans = s.GetRequiredService<Plans.PlanService>();
        try
        {
            return (Plans.PlanView?)(await Plans.PlansEndpoints.GetAsync(u, plans)).Value!;
        }
        catch (Common.RequestRefusedException e) when (e.Code == "no-plan")
        {
            return null;
        }
    });

    /// <summary>Starts (or resumes) the unit's plan through the API's handler: its first calls go at once.</summary>
    public Task<Plans.PlanView> StartPlanAsync(int inspectionId, string unit, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var u = await SeeAsync(s, user, inspectionId, unit, ct);
        return (await Plans.PlansEndpoints.StartAsync(u, null, s.GetRequiredService<Plans.PlanService>(), s.GetRequiredService<Plans.PlanGate>(),
            s.GetRequiredService<IServiceScopeFactory>())).Value!;
    });

    public Task<Plans.PlanView> PausePlanAsync(int inspectionId, string unit, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var u = await SeeAsync(s, user, inspectionId, unit, ct);
        return (await Plans.PlansEndpoints.PauseAsync(u, s.GetRequiredService<Plans.PlanService>())).Value!;
    });

    /// <summary>The installation's evidence signing public key (PEM) and its id.</summary>
    public (string Pem, string KeyId) PublicKey()
    {
        using var scope = scopes.CreateScope();
        var signer = scope.ServiceProvider.GetRequiredService<Callback.Host.Evidence.EvidenceSigner>();
        return (signer.PublicKeyPem, signer.KeyId);
    }

    /// <summary>The registry categories the text channel is for (TextChannel:Categories).</summary>
    public IReadOnlyCollection<string> TextCategories()
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Texts.TextChannelOptions>>().Value.Categories;
    }

    /// <summary>The evidence of the person at <paramref name="position"/>: findings, attempts, calls, consent and recording seals.</summary>
    public Task<Evidence> EvidenceAsync(int inspectionId, string unit, int position, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var u = await SeeAsync(s, user, inspectionId, unit, ct);
        var person = (await FindingsEndpoints.SampleAsync(u, s.GetRequiredService<RegistryQueries>())).Value!.Single(p => p.Position == position);
        var findings = (await FindingsEndpoints.HistoryAsync(u, position)).Value!;
        var state = await SampleState.LoadAsync(u.Db, await u.InspectionAsync(), unit, ct);
        var certificate = FindingsEndpoints.PersonAt(state, position);
        var mayListen = s.GetRequiredService<Recordings.RecordingPolicy>().ListenerRoles.Any(user.IsInRole);
        var calls = await u.Db.Calls.AsNoTracking().Where(c => c.InspectionId == inspectionId && c.CertificateNumber == certificate).OrderBy(c => c.Id).ToListAsync(ct);
        var evidence = new List<CallEvidence>();
        foreach (var call in calls)
        {
            var view = (await CallsEndpoints.GetAsync(call.Id, user, u.Db, u.Access, ct)).Value!;
            var consent = await u.Db.ConsentEvents.AsNoTracking().Where(e => e.CallId == call.Id).OrderBy(e => e.Id).LastOrDefaultAsync(ct);
            // Only a recording made after a "yes", stored and not yet past its retention, for the policy's roles.
            var playable = mayListen && consent?.Value == ConsentState.Yes && call.Recording is { Kept: true };
            evidence.Add(new CallEvidence(view, consent?.At, playable));
        }

        return new Evidence(person, findings, evidence, mayListen);
    });

    /// <summary>The calls not yet ended in the units this user may see.</summary>
    public Task<List<LiveCall>> LiveCallsAsync(int inspectionId, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var access = s.GetRequiredService<InspectionAccess>();
        var units = await access.VisibleUnitsAsync(user, await access.FindAsync(inspectionId, ct), ct);
        var db = s.GetRequiredService<CallbackDbContext>();
        var calls = await db.Calls.AsNoTracking()
            .Where(c => c.InspectionId == inspectionId && !CallStatuses.Terminal.Contains(c.Status) && units.Contains(c.UnitCode))
            .ToListAsync(ct);
        return calls.OrderBy(c => c.CreatedAt)
            .Select(c => new LiveCall(c.Id, c.UnitCode, Domain.Registry.CertificateNumber.Mask(c.CertificateNumber), c.Mode.ToString(), c.Status, c.CreatedAt, c.ProviderCallSid,
                c.StatusChangedAt ?? c.CreatedAt))
            .ToList();
    });

    /// <summary>What the simulated person hears now, or null when the call is not answered by hand in the simulator.</summary>
    public Task<string?> HearingAsync(long callId, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var call = await CallAsync(callId, ct);
        // As the simulator's API: only who may act on the unit hears its simulated person (the greeting names them).
        var access = s.GetRequiredService<InspectionAccess>();
        await access.EnsureMayInspectAsync(user, await access.FindAsync(await InspectionOfAsync(s, callId, ct), ct), call.UnitCode, ct);
        return call.ProviderCallSid is { } sid && s.GetRequiredService<ITelephonyProvider>().Simulator() is { } simulator ? simulator.Hearing(sid) : null;
    });

    /// <summary>Answers as the simulated person: a key, "speech:…", "silence" or "hangup".</summary>
    public Task<bool> AnswerAsync(long callId, string input, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var call = await CallAsync(callId, ct);
        var access = s.GetRequiredService<InspectionAccess>();
        await access.EnsureMayInspectAsync(user, await access.FindAsync(await InspectionOfAsync(s, callId, ct), ct), call.UnitCode, ct);
        return call.ProviderCallSid is { } sid && s.GetRequiredService<ITelephonyProvider>().Simulator() is { } simulator && simulator.Answer(sid, input);
    });

    /// <summary>
    /// Follows the inspection's changes in <paramref name="units"/>, narrowed to the units this user may see (the hub's
    /// rule): a page can never subscribe its user to another unit's events.
    /// </summary>
    public async Task<IDisposable> FollowAsync(int inspectionId, IReadOnlyCollection<string> units, Func<InspectionEvent, Task> handler)
    {
        var visible = await UnitsAsync(inspectionId);
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<Live.ConsoleFeed>().Subscribe(inspectionId, [.. units.Where(visible.Contains)], handler);
    }

    public bool Simulated()
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<ITelephonyProvider>().Simulator() is not null;
    }

    private static async Task<int> InspectionOfAsync(IServiceProvider s, long callId, CancellationToken ct) =>
        await s.GetRequiredService<CallbackDbContext>().Calls.AsNoTracking().Where(c => c.Id == callId).Select(c => c.InspectionId).FirstAsync(ct);

    /// <summary>
    /// The unit route's checks for an operation that acts: those of <see cref="SeeAsync"/>, then, as the endpoints'
    /// <c>Inspects()</c> and <c>ChangesScorecard()</c>, that the user may inspect the unit and that its scorecard is not locked.
    /// </summary>
    private static async Task<UnitRequest> ActAsync(
        IServiceProvider s, ClaimsPrincipal user, int inspectionId, string unit, bool inspects, bool changesScorecard, CancellationToken ct)
    {
        var u = await SeeAsync(s, user, inspectionId, unit, ct);
        if (inspects)
            await u.Access.EnsureMayInspectAsync(user, await u.InspectionAsync(), unit, ct);
        if (changesScorecard)
            await u.Access.EnsureUnlockedAsync(inspectionId, unit, ct);
        return u;
    }

    /// <summary>The unit route filter's check: the inspection exists, the unit is in it, the user may see it.</summary>
    private static async Task<UnitRequest> SeeAsync(IServiceProvider s, ClaimsPrincipal user, int inspectionId, string unit, CancellationToken ct)
    {
        var access = s.GetRequiredService<InspectionAccess>();
        await access.EnsureMaySeeAsync(user, await access.FindAsync(inspectionId, ct), unit, ct);
        return new UnitRequest(inspectionId, unit, user, access, s.GetRequiredService<CallbackDbContext>(), s.GetRequiredService<InspectionEvents>(),
            s.GetRequiredService<TimeProvider>(), ct);
    }

    private async Task<T> RunAsync<T>(Func<IServiceProvider, ClaimsPrincipal, Task<T>> operation)
    {
        var user = await UserAsync();
        await using var scope = scopes.CreateAsyncScope();
        return await operation(scope.ServiceProvider, user);
    }
}
