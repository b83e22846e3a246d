using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Persistence.Registry;
using Microsoft.EntityFrameworkCore;
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
        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
    }
}
