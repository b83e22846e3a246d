using Microsoft.Extensions.Options;

namespace Callback.Host.Plans;

/// <summary>
/// Runs the verification plans every <see cref="PlanOptions.TickSeconds"/>. It holds no schedule of its own: each
/// run reads the plans and their persons from the database, so a restart simply carries on.
/// </summary>
public sealed partial class PlanWorker(
    IServiceScopeFactory scopes, PlanGate gate, IHostApplicationLifetime lifetime, IOptions<PlanOptions> options, TimeProvider time,
    ILogger<PlanWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not before the server listens: a call placed earlier would give the provider webhook addresses nobody answers.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.TickSeconds), time);
        do
        {
            try
            {
                await gate.RunAsync(scopes, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRunFailed(logger, e);
            }
        }
        while (await Common.Ticks.NextAsync(timer, stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The verification plans could not run")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}

/// <summary>
/// One run of the plans at a time, whoever asks (the worker's tick, an operator starting a plan) and on whichever
/// instance: in this process a semaphore, across instances the "plans" lease in the database. The lease is renewed
/// before every call or text, so that a run longer than the lease (a hundred persons due, paced one a second) does not
/// go on beside another instance's; a run that loses it stops before its next person. Two overlapping runs would each
/// act on the persons they read at their start: two SMS links to one person, or a person rung twice back to back.
/// </summary>
public sealed partial class PlanGate(Common.LeaseKeeper leases, IOptions<PlanOptions> options, ILogger<PlanGate> logger) : IDisposable
{
    public const string Lease = "plans";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Three ticks: a holder that died is replaced within that.</summary>
    private TimeSpan LeaseTime => TimeSpan.FromSeconds(3 * options.Value.TickSeconds);

    /// <summary>Runs every running plan once, if this instance holds (or takes) the lease; returns the calls and texts started (0 when another instance runs them).</summary>
    public async Task<int> RunAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await _gate.WaitAsync(ct);
        try
        {
            if (!await StillHeldAsync(ct))
                return 0;
            IReadOnlyList<long> due;
            await using (var scope = scopes.CreateAsyncScope())
                due = await scope.ServiceProvider.GetRequiredService<PlanService>().DueAsync(ct);
            var started = 0;
            foreach (var id in due)
            {
                // Lost during the last plan (that run stopped before its next person): the rest is the holder's.
                if (!await StillHeldAsync(ct))
                    break;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    started += await scope.ServiceProvider.GetRequiredService<PlanService>().RunAsync(id, StillHeldAsync, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One plan's trouble (a draw gone, a database hiccup) does not stop the others.
                    LogPlanFailed(logger, e, id);
                }
            }

            return started;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task<bool> StillHeldAsync(CancellationToken ct) => leases.HoldAsync(Lease, LeaseTime, ct);

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Verification plan {PlanId} could not run")]
    private static partial void LogPlanFailed(ILogger logger, Exception exception, long planId);
}
