namespace Callback.Persistence;

/// <summary>The database engines Callback runs on: SQLite embedded (the default), PostgreSQL when one file is outgrown.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which engine and how to reach it.</summary>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>PostgreSQL's migrations live in their own assembly, as EF Core recommends for a second provider.</summary>
    public const string PostgresMigrationsAssembly = "Callback.Persistence.Postgres";
}
