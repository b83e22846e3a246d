using Microsoft.Extensions.Options;

namespace Callback.Host.Plans;

/// <summary>
/// Runs the verification plans every <see cref="PlanOptions.TickSeconds"/>. It holds no schedule of its own: each
/// run reads the plans and their persons from the database, so a restart simply carries on.
/// </summary>
public sealed partial class PlanWorker(
    IServiceScopeFactory scopes, PlanGate gate, Common.LeaseKeeper leases, IHostApplicationLifetime lifetime, IOptions<PlanOptions> options, TimeProvider time,
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
                // One instance runs the plans at a time (a lease of three ticks, renewed at each).
                if (await leases.HoldAsync("plans", TimeSpan.FromSeconds(3 * options.Value.TickSeconds), stoppingToken))
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

/// <summary>One run of the plans at a time in this process (the worker's tick and an operator's "run now" never overlap).</summary>
public sealed partial class PlanGate(ILogger<PlanGate> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<int> RunAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await _gate.WaitAsync(ct);
        try
        {
            IReadOnlyList<long> due;
            await using (var scope = scopes.CreateAsyncScope())
                due = await scope.ServiceProvider.GetRequiredService<PlanService>().DueAsync(ct);
            var started = 0;
            foreach (var id in due)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    started += await scope.ServiceProvider.GetRequiredService<PlanService>().RunAsync(id, ct);
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

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Verification plan {PlanId} could not run")]
    private static partial void LogPlanFailed(ILogger logger, Exception exception, long planId);
}
