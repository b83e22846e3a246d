using Callback.Persistence;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Callback.Tests.Hosting;

/// <summary>An administrator's first start on a new PostgreSQL database logs no error that is none.</summary>
[Trait(TestDatabase.Trait, "postgres-only")]
public sealed class PostgresMigrationTests
{
    [Fact]
    public async Task A_new_database_is_migrated_without_an_error_in_the_log()
    {
        var connectionString = TestDatabase.CreateEmptyPostgres();
        try
        {
            var errors = new ErrorLog();
            using var logging = LoggerFactory.Create(builder => builder.AddProvider(errors));
            var options = new DbContextOptionsBuilder<CallbackDbContext>()
                .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(DatabaseConnection.PostgresMigrationsAssembly))
                .UseLoggerFactory(logging).Options;
            await using (var db = new CallbackDbContext(options))
            {
                await db.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
            }

            Assert.Empty(errors.Entries);

            // Started again on it (or by a second instance): nothing to do, and still no error.
            await using (var again = new CallbackDbContext(options))
                await again.MigrateAsync();
            Assert.Empty(errors.Entries);
        }
        finally
        {
            TestDatabase.DropPostgres(connectionString);
        }
    }

    private sealed class ErrorLog : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                Entries.Enqueue(formatter(state, exception));
        }

        public void Dispose()
        {
        }
    }
}
