namespace Callback.Host.Configuration;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>A SQLite connection string; empty means callback.db in the data directory.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Apply pending migrations at start (the embedded default). Off: run `callback migrate` yourself.</summary>
    public bool AutoMigrate { get; set; } = true;

    public string EffectiveConnectionString(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return string.IsNullOrWhiteSpace(ConnectionString)
            ? $"Data Source={Path.Combine(storage.FullDataDirectory, "callback.db")};Default Timeout=30"
            : ConnectionString;
    }
}
