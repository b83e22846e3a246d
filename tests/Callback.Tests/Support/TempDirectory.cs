namespace Callback.Tests.Support;

/// <summary>
/// A directory of its own for one test: its uploads, recordings and keys, and its database (a SQLite file in it, or a
/// PostgreSQL database of its own when the suite runs on PostgreSQL). Removed afterwards.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private readonly Lock _lock = new();
    private string? _postgres;

    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callback-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The PostgreSQL database that belongs with this directory (made on first use); only when the suite runs on PostgreSQL.</summary>
    public string PostgresConnectionString
    {
        get
        {
            lock (_lock)
                return _postgres ??= TestDatabase.CreatePostgres();
        }
    }

    /// <summary>The host's settings for this directory: its data directory, and its database when not the SQLite default.</summary>
    public string[] HostSettings =>
    [
        $"--Storage:DataDirectory={Path}",
        .. TestDatabase.IsPostgres ? ["--Database:Provider=postgres", $"--Database:ConnectionString={PostgresConnectionString}"] : Array.Empty<string>(),
    ];

    public void Dispose()
    {
        if (_postgres is not null)
            TestDatabase.DropPostgres(_postgres);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite handle still closing; the OS temp cleaner will have it.
        }
    }
}
