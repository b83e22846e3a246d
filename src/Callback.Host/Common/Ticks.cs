namespace Callback.Host.Common;

public static class Ticks
{
    /// <summary>
    /// The next tick of a periodic job, or false when the host is stopping: the timer's cancellation is how a job
    /// ends, not a failure (reported as one, it would stop the host or print a stack trace at every shutdown).
    /// </summary>
    public static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
