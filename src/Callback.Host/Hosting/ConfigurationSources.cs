namespace Callback.Host.Hosting;

public static class ConfigurationSources
{
    /// <summary>The local settings file a deployment copies from appsettings.template.json.</summary>
    public const string LocalFile = "appsettings.Local.json";

    /// <summary>
    /// The program's own appsettings.json holds the defaults; appsettings.Local.json in the directory Callback
    /// runs from overrides them; then environment variables (Storage__DataDirectory=…) and the command line
    /// (--Storage:DataDirectory=…), which are added again so that they win over the local file.
    /// </summary>
    public static IConfigurationBuilder AddCallbackSources(this IConfigurationBuilder configuration, string[] args)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), LocalFile), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        return configuration;
    }
}
