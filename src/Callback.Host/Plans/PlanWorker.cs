using Microsoft.Extensions.Options;

namespace Callback.Host.Plans;

/// <summary>
/// Runs the verification plans every <see cref="PlanOptions.TickSeconds"/>. It holds no schedule of its own: each
/// run reads the plans and their persons from the database, so a restart simply carries on.
/// </summary>
public sealed partial class PlanWorker(
    IServiceScopeFactory scopes, PlanGate gate, IHostApplicationLifetime lifetime, IOptions<PlanOptions> options, TimeProvider time, ILogger<PlanWorker> logger)
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

/// <summary>One run of the plans at a time in this process (the worker's tick and an operator's "run now" never overlap).</summary>
public sealed class PlanGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<int> RunAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<PlanService>().RunDueAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
