using System.ComponentModel.DataAnnotations;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Host.Inspections;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callback.Host.Plans;

/// <param name="Language">zh (default) or mn.</param>
public sealed record StartPlan([StringLength(8)] string? Language = null);

/// <summary>"Call this unit's sample": start, pause, and follow a unit's verification plan.</summary>
public static class PlansEndpoints
{
    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitGroup("/plan", "Plans");
        group.MapGet("/", GetAsync).WithSummary("The unit's verification plan: its status, counts, and each person's next step.");
        group.MapPost("/", StartAsync).WithSummary("Start (or resume) calling the unit's sample: Callback places the calls and retries under the policy (inspectors, supervisors).");
        group.MapPost("/pause", PauseAsync).WithSummary("Pause the plan: no new call or text until it is started again (calls in flight go on).");
        return app;
    }

    internal static async Task<Ok<PlanView>> GetAsync([AsParameters] UnitRequest u, PlanService plans)
    {
        var plan = await plans.CurrentAsync(u.Id, u.Unit, u.Aborted);
        return TypedResults.Ok(PlanView.From(plan, await plans.StepsAsync(await u.InspectionAsync(), u.Unit, u.Aborted)));
    }

    internal static async Task<Ok<PlanView>> StartAsync([AsParameters] UnitRequest u, StartPlan? request, PlanService plans, PlanGate gate, IServiceScopeFactory scopes)
    {
        var inspection = await ActorAsync(u);
        var plan = await plans.StartAsync(inspection, u.Unit, request?.Language ?? "zh", u.User.NameOrUnknown(), u.Aborted);
        // The first calls go now, not at the worker's next tick (to the end, even if the client stops waiting).
        await gate.RunAsync(scopes, CancellationToken.None);
        return await GetAsync(u, plans);
    }

    internal static async Task<Ok<PlanView>> PauseAsync([AsParameters] UnitRequest u, PlanService plans)
    {
        await ActorAsync(u);
        await plans.PauseAsync(u.Id, u.Unit, u.User.NameOrUnknown(), u.Aborted);
        return await GetAsync(u, plans);
    }

    /// <summary>Supervisors run plans as well as the unit's inspectors and administrators (they watch twenty calls; they start them too).</summary>
    private static async Task<Domain.Inspections.Inspection> ActorAsync(UnitRequest u)
    {
        var inspection = await u.InspectionAsync();
        if (!u.User.IsInRole(Roles.Supervisor))
            await u.Access.EnsureMayInspectAsync(u.User, inspection, u.Unit, u.Aborted);
        await u.Access.EnsureUnlockedAsync(u.Id, u.Unit, u.Aborted);
        return inspection;
    }
}
