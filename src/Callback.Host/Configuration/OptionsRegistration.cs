using Microsoft.Extensions.Options;

namespace Callback.Host.Configuration;

/// <summary>Binds each options class to its section and validates it at start-up, naming the key at fault.</summary>
public static class OptionsRegistration
{
    public static IHostApplicationBuilder AddCallbackOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Storage:DataDirectory must name a directory (default .data).")
            .ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>>(new DatabaseOptionsValidator());
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
            .PostConfigure(o => o.Password = NullIfBlank(o.Password) ?? NullIfBlank(Environment.GetEnvironmentVariable(AdminOptions.PasswordVariable)))
            .Validate(o => !string.IsNullOrWhiteSpace(o.UserName), "Admin:UserName must not be empty.")
            .Validate(o => o.Password is null || o.Password.Length >= 12,
                $"Admin:Password (or {AdminOptions.PasswordVariable}) must be at least 12 characters long.")
            .ValidateOnStart();
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section)
            .Validate(o => o.MaxUploadBytes > 0, "Import:MaxUploadBytes must be a positive number of bytes.")
            .Validate(o => o.MaxRemovalShare is >= 0 and <= 1, "Import:MaxRemovalShare must be a share between 0 and 1 (0.2 = 20 %).")
            .Validate(o => o.PreviewLifetime > TimeSpan.Zero && o.PreviewLifetime <= TimeSpan.FromDays(7),
                "Import:PreviewLifetime must be a duration between 00:00:01 and 7.00:00:00.")
            .Validate(o => o.Limits().Problem() is null, "Import:MaxWorkbookBytes, MaxCellChars, MaxColumns and MaxRowChars: " +
                "at least 1 MiB, 256, 16 and 4096 (MaxRowChars also at least MaxCellChars / 8).")
            .ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section)
            .Validate(o => o.Persons is >= 0 and <= 1_000_000, "Demo:Persons must be between 0 and 1000000.")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>The database settings name their own fault (which key, what it should look like).</summary>
    private sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Runs the start-up validation for hosts that are never started (the command-line tools).</summary>
    public static void ValidateCallbackOptions(this IServiceProvider services) =>
        services.GetRequiredService<IStartupValidator>().Validate();
}
