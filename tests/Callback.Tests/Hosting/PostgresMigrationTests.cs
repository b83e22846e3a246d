using Callback.Persistence;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Callback.Tests.Hosting;

/// <summary>PostgreSQL's migrations: a first start logs no error that is none, and the schema is what the model says.</summary>
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

    [Fact]
    public async Task The_registrys_codes_and_their_index_compare_byte_by_byte_from_the_migration_on_and_a_registry_keeps_its_records()
    {
        var connectionString = TestDatabase.CreateEmptyPostgres();
        try
        {
            var options = new DbContextOptionsBuilder<CallbackDbContext>()
                .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(DatabaseConnection.PostgresMigrationsAssembly)).Options;
            await using var db = new CallbackDbContext(options);
            // A registry from before the migration, holding a record.
            await db.Database.MigrateAsync("20261130134322_ImportJobInstance");
            db.PersonRevisions.Add(new Callback.Domain.Registry.PersonRevision
            {
                CertificateNumber = "15078119900101000021", ValidFromVersion = 1, Name = "其其格", CountyCode = "150781", UnitCode = "150781",
                ContentHash = new byte[16], UpdatedOn = new DateOnly(2026, 2, 28),
            });
            await db.SaveChangesAsync();

            await db.MigrateAsync();

            Assert.Equal("150781", await db.PersonRevisions.Where(p => p.CertificateNumber == "15078119900101000021").Select(p => p.UnitCode).SingleAsync());
            var columns = await db.Database.SqlQueryRaw<string>(
                "SELECT column_name || ' ' || coalesce(collation_name, 'default') AS \"Value\" FROM information_schema.columns " +
                "WHERE table_name = 'PersonRevisions' AND column_name IN ('CertificateNumber', 'CountyCode', 'UnitCode') ORDER BY column_name").ToListAsync();
            Assert.Equal(["CertificateNumber C", "CountyCode C", "UnitCode C"], columns);

            // The index the bulk import drops and builds again sorts its text keys the same way.
            var indexed = await db.Database.SqlQueryRaw<string>(
                "SELECT coalesce(c.collname, '-') AS \"Value\" FROM pg_index i CROSS JOIN LATERAL unnest(i.indcollation) WITH ORDINALITY AS k(oid, position) " +
                "LEFT JOIN pg_collation c ON c.oid = k.oid WHERE i.indrelid = '\"PersonRevisions\"'::regclass AND NOT i.indisprimary ORDER BY k.position").ToListAsync();
            Assert.Equal(["C", "-", "C", "-"], indexed);
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
