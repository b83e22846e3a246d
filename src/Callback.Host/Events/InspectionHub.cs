using Callback.Host.Auth;
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

/// <summary>One change: its kind (draw-sealed, attempt-recorded, finding-recorded, replacement-made, scorecard-changed, …), where, and a summary without personal data.</summary>
public sealed record InspectionEvent(string Kind, int InspectionId, string? UnitCode, DateTimeOffset At, object? Data);

/// <summary>Thin, typed hub: clients subscribe to an inspection; the services push through <see cref="InspectionEvents"/>.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class InspectionHub : Hub<IInspectionClient>
{
    public const string Path = "/hubs/inspections";

    public static string Group(int inspectionId) => $"inspection-{inspectionId}";

    public Task Subscribe(int inspectionId) => Groups.AddToGroupAsync(Context.ConnectionId, Group(inspectionId));

    public Task Unsubscribe(int inspectionId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(inspectionId));

    /// <summary>Administrators follow registry imports as they run.</summary>
    public Task SubscribeImports() => Context.User?.IsInRole(Callback.Persistence.Identity.Roles.Administrator) == true
        ? Groups.AddToGroupAsync(Context.ConnectionId, ImportsGroup)
        : throw new HubException("只有管理员可以查看导入进度 (not-allowed)");

    public const string ImportsGroup = "imports";
}

/// <summary>Publishes inspection changes to the subscribers of that inspection.</summary>
public sealed class InspectionEvents(IHubContext<InspectionHub, IInspectionClient> hub, TimeProvider time)
{
    public Task PublishAsync(string kind, int inspectionId, string? unitCode, object? data = null) =>
        hub.Clients.Group(InspectionHub.Group(inspectionId)).InspectionChanged(new InspectionEvent(kind, inspectionId, unitCode, time.GetUtcNow(), data));

    public Task PublishImportAsync(ImportEvent change) => hub.Clients.Group(InspectionHub.ImportsGroup).ImportChanged(change);
}
