using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Persistence.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Persistence;

public static class PersistenceRegistration
{
    /// <summary>
    /// The EF Core context on SQLite or PostgreSQL, and the registry import that writes through it. EF interceptors
    /// registered as services (none by default) apply to every context: how diagnostics, or a test's injected failure,
    /// see the saves.
    /// </summary>
    public static IServiceCollection AddCallbackPersistence(this IServiceCollection services, Func<IServiceProvider, DatabaseConnection> connection)
    {
        services.AddDbContext<CallbackDbContext>((provider, options) =>
        {
            var database = connection(provider);
            _ = database.Provider switch
            {
                DatabaseProvider.Postgres => options.UseNpgsql(database.ConnectionString,
                    npgsql => npgsql.MigrationsAssembly(DatabaseConnection.PostgresMigrationsAssembly)),
                _ => options.UseSqlite(database.ConnectionString),
            };
            options.AddInterceptors(provider.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
        services.AddSingleton(RegionCatalog.InnerMongolia);
        services.AddSingleton<PhoneListParser>();
        services.AddSingleton<RegistryRowValidator>();
        services.AddSingleton<ImportGate>();
        services.AddScoped<RegistryImporter>();
        services.AddScoped<RegistryQueries>();
        return services;
    }

    /// <summary>SQLite on a file: the default, and what every test and tool that names only a path means.</summary>
    public static IServiceCollection AddCallbackPersistence(this IServiceCollection services, Func<IServiceProvider, string> sqliteConnectionString) =>
        services.AddCallbackPersistence(provider => new DatabaseConnection(DatabaseProvider.Sqlite, sqliteConnectionString(provider)));

    /// <summary>Applies pending migrations. SQLite also gets write-ahead logging, so readers never wait for an import.</summary>
    public static async Task MigrateAsync(this CallbackDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsNpgsql())
            await CreateHistoryTableAsync(db, cancellationToken).ConfigureAwait(false);
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Npgsql's history repository takes its table for granted and catches the read that fails on a new database, which
    /// EF has already logged as an error (npgsql/efcore.pg#3407): an administrator's first start showed a "fail:" that
    /// was none. Made first with EF's own script, the read finds it empty.
    /// </summary>
    private static async Task CreateHistoryTableAsync(CallbackDbContext db, CancellationToken cancellationToken)
    {
        var script = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().GetCreateIfNotExistsScript();
        try
        {
            await db.Database.ExecuteSqlRawAsync(script, cancellationToken).ConfigureAwait(false);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState is Npgsql.PostgresErrorCodes.UniqueViolation or Npgsql.PostgresErrorCodes.DuplicateTable)
        {
            // Another instance starting at the same moment made it ("IF NOT EXISTS" is not safe against a concurrent create).
        }
    }
}
