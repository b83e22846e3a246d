using Callback.Host.Auth;
using Callback.Host.Inspections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Callback.Host.Events;

/// <summary>What the consoles and other systems are told when an inspection changes.</summary>
public interface IInspectionClient
{
    Task InspectionChanged(InspectionEvent change);

    /// <summary>An upload's import moved on: queued, running (bytes and rows so far), succeeded or failed.</summary>
    Task ImportChanged(ImportEvent change);
}

/// <summary>Progress of a registry import (no personal data: counts and the file name).</summary>
public sealed record ImportEvent(Guid JobId, string FileName, string State, long BytesRead, long TotalBytes, int RowsRead, long? Version, string? ErrorCode);

/// <summary>
/// One change as the hub (and a webhook) sends it: its id, its kind (draw-sealed, attempt-recorded, finding-recorded, replacement-made,
/// scorecard-changed, …), where, when, and the change itself (an <see cref="InspectionChange"/> record, without personal data).
/// </summary>
/// <param name="Id">The event's own id: a listener that gets an event twice (delivery is at least once) ignores the repeat.</param>
public sealed record InspectionEvent(Guid Id, string Kind, int InspectionId, string? UnitCode, DateTimeOffset At, InspectionChange Data);

/// <summary>
/// Thin, typed hub: clients subscribe to an inspection; the services push through <see cref="InspectionEvents"/>.
/// Subscriptions follow the same rule as the API: supervisors and administrators hear every unit's events, an
/// inspector only those of the units assigned to them (and the inspection's own), nobody else anything.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class InspectionHub(InspectionAccess access) : Hub<IInspectionClient>
{
    public const string Path = "/hubs/inspections";

    /// <summary>Events about the inspection as a whole (no unit).</summary>
    public static string Group(int inspectionId) => $"inspection-{inspectionId}";

    /// <summary>Every unit's events: supervisors and administrators.</summary>
    public static string AllUnitsGroup(int inspectionId) => $"inspection-{inspectionId}-units";

    public static string UnitGroup(int inspectionId, string unitCode) => $"inspection-{inspectionId}-unit-{unitCode}";

    public async Task Subscribe(int inspectionId)
    {
        var user = Context.User!;
        var inspection = await Refusing(() => access.FindAsync(inspectionId, Context.ConnectionAborted));
        await Refusing(() => access.EnsureMaySeeInspectionAsync(user, inspectionId, Context.ConnectionAborted));
        foreach (var group in await GroupsOf(user, inspection))
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
    }

    public async Task Unsubscribe(int inspectionId)
    {
        var inspection = await Refusing(() => access.FindAsync(inspectionId, Context.ConnectionAborted));
        foreach (var group in inspection.UnitCodes.Select(u => UnitGroup(inspectionId, u)).Append(AllUnitsGroup(inspectionId)).Append(Group(inspectionId)))
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
    }

    private async Task<List<string>> GroupsOf(System.Security.Claims.ClaimsPrincipal user, Domain.Inspections.Inspection inspection)
    {
        var groups = new List<string> { Group(inspection.Id) };
        if (user.IsInRole(Callback.Persistence.Identity.Roles.Administrator) || user.IsInRole(Callback.Persistence.Identity.Roles.Supervisor))
            groups.Add(AllUnitsGroup(inspection.Id));
        else
            groups.AddRange((await access.AssignedUnitsAsync(user, inspection.Id, Context.ConnectionAborted)).Select(u => UnitGroup(inspection.Id, u)));
        return groups;
    }

    private static Task Refusing(Func<Task> action) => Refusing(async () =>
    {
        await action();
        return true;
    });

    /// <summary>A refusal reaches the client as a HubException carrying the Chinese reason and the code.</summary>
    private static async Task<T> Refusing<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Common.RequestRefusedException e)
        {
            throw new HubException($"{e.Message} ({e.Code})");
        }
    }

    /// <summary>Administrators follow registry imports as they run.</summary>
    public Task SubscribeImports() => Context.User?.IsInRole(Callback.Persistence.Identity.Roles.Administrator) == true
        ? Groups.AddToGroupAsync(Context.ConnectionId, ImportsGroup)
        : throw new HubException("只有管理员可以查看导入进度 (not-allowed)");

    public const string ImportsGroup = "imports";
}
