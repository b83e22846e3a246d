using Callback.Host.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Callback.Host.Events;

/// <summary>What the consoles and other systems are told when an inspection changes.</summary>
public interface IInspectionClient
{
    Task InspectionChanged(InspectionEvent change);
}

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
}

/// <summary>Publishes inspection changes to the subscribers of that inspection.</summary>
public sealed class InspectionEvents(IHubContext<InspectionHub, IInspectionClient> hub, TimeProvider time)
{
    public Task PublishAsync(string kind, int inspectionId, string? unitCode, object? data = null) =>
        hub.Clients.Group(InspectionHub.Group(inspectionId)).InspectionChanged(new InspectionEvent(kind, inspectionId, unitCode, time.GetUtcNow(), data));
}
