using Callback.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Callback.Tests.Support;

/// <summary>
/// The engine the suite runs on. SQLite files by default; when <see cref="Variable"/> names a PostgreSQL server (an
/// Npgsql connection string of a role that may create databases), every test directory gets a PostgreSQL database of
/// its own, copied from one migrated template, and dropped with the directory. `./callback test` runs the suite both
/// ways when the variable is set; `.ci/run` starts such a server.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "CALLBACK_TEST_POSTGRES";

    /// <summary>Tests about one engine's own files or tools carry this trait; the other pass leaves them out.</summary>
    public const string Trait = "Database";

    public static string? Server { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : null;

    public static bool IsPostgres => Server is not null;

    public static DatabaseProvider Provider => IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    private static readonly Lazy<string> Template = new(CreateTemplate);

    /// <summary>A new, migrated database; its connection string.</summary>
    public static string CreatePostgres() => Create($"TEMPLATE \"{Template.Value}\"");

    /// <summary>A new, empty database (nothing migrated); its connection string.</summary>
    public static string CreateEmptyPostgres() => Create("");

    private static string Create(string options)
    {
        var name = "cbt_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE DATABASE \"{name}\" {options}");
        return Named(name);
    }

    public static void DropPostgres(string connectionString)
    {
        using (var connection = new NpgsqlConnection(connectionString))
            NpgsqlConnection.ClearPool(connection);
        Execute($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");
    }

    private static string CreateTemplate()
    {
        var name = $"cbt_template_{Environment.ProcessId}";
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        Execute($"CREATE DATABASE \"{name}\"");
        var connectionString = Named(name);
        var options = new DbContextOptionsBuilder<CallbackDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(DatabaseConnection.PostgresMigrationsAssembly)).Options;
        using (var db = new CallbackDbContext(options))
            db.Database.Migrate();
        // A template takes no copies while anyone is connected to it.
        using (var connection = new NpgsqlConnection(connectionString))
            NpgsqlConnection.ClearPool(connection);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        return name;
    }

    private static string Named(string database) => new NpgsqlConnectionStringBuilder(Server) { Database = database }.ConnectionString;

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
