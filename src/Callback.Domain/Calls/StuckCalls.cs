namespace Callback.Domain.Calls;

/// <summary>
/// When a live call has been in one state for longer than that state lasts in a sound call, so that a supervisor
/// looks at it before the host's reconciler (which waits ten minutes from the call's start) would.
/// </summary>
public static class StuckCalls
{
    /// <summary>
    /// How long each state may last: a call is handed to the provider in seconds; Twilio rings for 60 s before it
    /// gives up; a verification takes about three minutes, an agent-led one longer.
    /// </summary>
    public static TimeSpan Limit(string status) => status switch
    {
        CallStatuses.Ringing => TimeSpan.FromMinutes(2),
        CallStatuses.InProgress => TimeSpan.FromMinutes(15),
        _ => TimeSpan.FromMinutes(1),
    };

    public static bool IsStuck(string status, DateTimeOffset since, DateTimeOffset now) => now - since > Limit(status);
}
