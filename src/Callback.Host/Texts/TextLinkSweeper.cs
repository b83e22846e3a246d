namespace Callback.Host.Texts;

/// <summary>Every ten minutes, expired links nobody answered become no-contact attempts (the policy then applies).</summary>
public sealed partial class TextLinkSweeper(IServiceScopeFactory scopes, TimeProvider time, ILogger<TextLinkSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TextLinks>().SweepExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e);
            }
        }
        while (await Common.Ticks.NextAsync(timer, stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Expired text links could not be swept")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
