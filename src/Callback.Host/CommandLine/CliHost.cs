using Callback.Host.Configuration;
using Callback.Host.Hosting;

namespace Callback.Host.CommandLine;

/// <summary>A host without a web server, for commands that work on the database as the local administrator.</summary>
internal static class CliHost
{
    public static async Task<IHost> StartAsync(string[] configurationArgs, CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { Args = configurationArgs, ContentRootPath = AppContext.BaseDirectory });
        // The command's own output is the report: the log only speaks up for problems, and on stderr.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
        builder.Configuration.AddCallbackSources(configurationArgs);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddCallbackCore();
        Evidence.EvidenceRegistration.AddCallbackEvidence(builder);
        var host = builder.Build();
        host.Services.ValidateCallbackOptions();
        await host.Services.PrepareDatabaseAsync(migrate: false, cancellationToken);
        return host;
    }

    /// <summary>The name the command line acts under: the local administrator.</summary>
    public static string LocalAdministrator => $"cli:{Environment.UserName}";
}
