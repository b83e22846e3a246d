using Callback.Domain.Calls;
using Callback.Domain.Plans;
using Callback.Persistence;
using Callback.Telephony.Resilience;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Observability;

/// <summary>
/// The figures a scrape reads that live in the database, counted at most every few seconds (a scrape every
/// 15 s costs three small counts, never a query per instrument per scrape).
/// </summary>
public sealed class LiveFigures(IServiceScopeFactory scopes, ProviderHealth provider, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
    private readonly object _gate = new();
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private (int Calls, int Outbox, int Plans) _figures;

    public int CallsInFlight => Read().Calls;
    public int OutboxPending => Read().Outbox;
    public int PlansRunning => Read().Plans;
    public bool CircuitOpen => provider.Failing;

    public bool DownloadsCircuitOpen => provider.DownloadsFailing;

    private (int Calls, int Outbox, int Plans) Read()
    {
        lock (_gate)
        {
            if (time.GetUtcNow() - _readAt < Fresh)
                return _figures;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            _figures = (
                db.Calls.Count(c => !CallStatuses.Terminal.Contains(c.Status)),
                db.OutboxEvents.Count(e => e.PublishedAt == null),
                db.Plans.Count(p => p.Status == PlanStatus.Running));
            _readAt = time.GetUtcNow();
            return _figures;
        }
    }
}
