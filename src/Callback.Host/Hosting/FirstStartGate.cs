using Callback.Host.Common;

namespace Callback.Host.Hosting;

/// <summary>
/// What a start does once the schema is there — the roles, the first administrator, the findings chain's check, the demo
/// data — is done by one instance at a time: several instances deployed together on an empty database would otherwise
/// each find it empty and each create the same rows (the second failing on a unique key, or a second demo registry).
/// A lease in the database rather than a session lock, so that it is the same on SQLite and PostgreSQL; each process
/// holds it under a name of its own (two instances may share an instance name), and one that dies holding it frees it
/// after <see cref="Ttl"/>.
/// </summary>
internal sealed class FirstStartGate : IAsyncDisposable
{
    public const string Name = "first-start";
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private readonly LeaseKeeper _keeper;

    private FirstStartGate(LeaseKeeper keeper) => _keeper = keeper;

    /// <summary>Waits until this process holds the gate.</summary>
    public static async Task<FirstStartGate> EnterAsync(IServiceProvider services, CancellationToken ct)
    {
        var keeper = new LeaseKeeper(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<TimeProvider>(),
            $"{services.GetRequiredService<InstanceName>().Value}#{Guid.NewGuid():N}");
        while (!await keeper.HoldAsync(Name, Ttl, ct))
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        return new FirstStartGate(keeper);
    }

    public async ValueTask DisposeAsync() => await _keeper.ReleaseAsync(Name, CancellationToken.None);
}
