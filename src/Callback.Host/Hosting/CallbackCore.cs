using Callback.Host.Configuration;
using Callback.Host.Demo;
using Callback.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Callback.Host.Hosting;

/// <summary>What every Callback host has, the web server and the command-line tools alike.</summary>
public static class CallbackCore
{
    public static IHostApplicationBuilder AddCallbackCore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCallbackOptions();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCallbackPersistence(provider => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value
            .EffectiveConnection(provider.GetRequiredService<IOptions<StorageOptions>>().Value));
        builder.Services.AddSingleton(Common.InstanceName.From(builder.Configuration));
        builder.Services.AddScoped<DemoSeeder>();
        // The data-protection keys (sign-in cookies, webhook secrets at rest) live with the data (or Storage:KeysDirectory),
        // so that a restart or a second instance sharing the directory reads what the first wrote.
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        builder.Services.AddDataProtection().SetApplicationName("Callback")
            .PersistKeysToFileSystem(new DirectoryInfo(storage.FullKeysDirectory));
        return builder;
    }

    /// <summary>Creates the data directory and, unless Database:AutoMigrate is off, brings the schema up to date.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, bool migrate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        Directory.CreateDirectory(services.GetRequiredService<IOptions<StorageOptions>>().Value.FullDataDirectory);
        if (!migrate && !services.GetRequiredService<IOptions<DatabaseOptions>>().Value.AutoMigrate)
            return;
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().MigrateAsync(cancellationToken);
    }
}
