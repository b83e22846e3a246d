using Callback.Persistence;

namespace Callback.Host.Configuration;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>sqlite</c> (the embedded default) or <c>postgres</c> (several instances, or more than one file should hold).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// SQLite: a connection string ("Data Source=…"); empty means callback.db in the data directory.
    /// PostgreSQL: an Npgsql connection string ("Host=…;Database=…;Username=…"), required.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Apply pending migrations at start (the embedded default). Off: run `callback migrate` yourself.</summary>
    public bool AutoMigrate { get; set; } = true;

    /// <summary>The engine named by <see cref="Provider"/>, or null when it names none.</summary>
    public DatabaseProvider? Engine => Provider.Trim().ToUpperInvariant() switch
    {
        "SQLITE" => DatabaseProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" => DatabaseProvider.Postgres,
        _ => null,
    };

    /// <summary>What is wrong with these settings, naming the key; null when nothing is.</summary>
    public string? Problem() => Engine switch
    {
        null => $"Database:Provider must be sqlite or postgres (it is \"{Provider}\").",
        DatabaseProvider.Postgres when string.IsNullOrWhiteSpace(ConnectionString) =>
            "Database:ConnectionString is required with Database:Provider=postgres (\"Host=…;Port=5432;Database=callback;Username=…;Password=…\").",
        DatabaseProvider.Postgres when !ConnectionString.Contains("Host", StringComparison.OrdinalIgnoreCase) =>
            "Database:ConnectionString must be an Npgsql connection string naming the server (\"Host=…;Database=…\") with Database:Provider=postgres.",
        DatabaseProvider.Sqlite when !string.IsNullOrWhiteSpace(ConnectionString) && !ConnectionString.Contains("Data Source", StringComparison.OrdinalIgnoreCase) =>
            "Database:ConnectionString must be a SQLite connection string (\"Data Source=…\"), or empty for the default.",
        _ => null,
    };

    public DatabaseConnection EffectiveConnection(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var engine = Engine ?? DatabaseProvider.Sqlite;
        return new DatabaseConnection(engine, engine == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString)
            ? $"Data Source={Path.Combine(storage.FullDataDirectory, "callback.db")};Default Timeout=30"
            : ConnectionString);
    }
}
