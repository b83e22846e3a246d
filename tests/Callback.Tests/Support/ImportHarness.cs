using Callback.Domain.Registry.Import;
using Callback.Persistence;
using Callback.Persistence.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Callback.Tests.Support;

/// <summary>The persistence part on a real database of its own (SQLite, or PostgreSQL: <see cref="TestDatabase"/>), migrated, with a clock the test controls.</summary>
public sealed class ImportHarness : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ServiceProvider _services;

    private ImportHarness()
    {
        DatabasePath = _directory.File("callback.db");
        _services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(Clock)
            .AddCallbackPersistence(_ => TestDatabase.IsPostgres
                ? new DatabaseConnection(DatabaseProvider.Postgres, _directory.PostgresConnectionString)
                : new DatabaseConnection(DatabaseProvider.Sqlite, $"Data Source={DatabasePath};Pooling=False"))
            .BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero));

    public string DatabasePath { get; }

    public static async Task<ImportHarness> CreateAsync()
    {
        var harness = new ImportHarness();
        await using var scope = harness._services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().MigrateAsync();
        return harness;
    }

    public Task<ImportReport> ImportAsync(Stream file, string name = "registry.csv", bool synthetic = false) =>
        ImportAsync(file, new ImportRequest(name, "test", synthetic));

    public async Task<ImportReport> ImportAsync(Stream file, ImportRequest request)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RegistryImporter>().ImportAsync(file, request);
    }

    public async Task<ImportReport> ImportFixtureAsync(string fixture)
    {
        await using var file = File.OpenRead(Fixtures.PathOf(fixture));
        return await ImportAsync(file, fixture);
    }

    /// <summary>Runs a query against a fresh context and its registry queries.</summary>
    public async Task<T> QueryAsync<T>(Func<CallbackDbContext, RegistryQueries, Task<T>> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CallbackDbContext>(), scope.ServiceProvider.GetRequiredService<RegistryQueries>());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _directory.Dispose();
    }
}
