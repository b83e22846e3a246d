using Callback.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Callback.Host.Registry;

public static class RegistryRegistration
{
    /// <summary>Uploads, the import queue and its runner, and the store that keeps how each job ended.</summary>
    public static IHostApplicationBuilder AddRegistryImports(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ImportJobQueue>();
        builder.Services.AddSingleton<ImportJobStore>();
        builder.Services.AddSingleton<ImportJobRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ImportJobRunner>());
        builder.Services.AddScoped(sp => new RegistryUpload(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.UploadsOf(sp.GetRequiredService<Common.InstanceName>()), sp.GetRequiredService<IOptions<ImportOptions>>().Value));
        return builder;
    }
}
