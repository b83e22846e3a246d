using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Callback.Persistence.Registry;

/// <summary>Writes person revisions in bulk on the import's own connection and transaction.</summary>
internal interface IRevisionWriter : IDisposable
{
    void Add(Domain.Registry.PersonRevision revision);

    /// <summary>Closes a person's current revision at the version that replaces it.</summary>
    void Close(long revisionId, long version);

    void Flush();
}

internal static class RevisionWriters
{
    /// <summary>
    /// Each engine's bulk path: SQLite its native binding (ADO.NET's per-parameter cost is most of a bulk import),
    /// PostgreSQL binary COPY; any other the portable writer.
    /// </summary>
    public static IRevisionWriter Create(RevisionColumns columns, DbConnection connection, DbTransaction transaction) => connection switch
    {
        SqliteConnection sqlite => new SqliteRevisionWriter(columns, sqlite),
        Npgsql.NpgsqlConnection postgres => new PostgresRevisionWriter(columns, postgres),
        _ => new AdoRevisionWriter(columns, connection, transaction),
    };
}

/// <summary>The preview's writer: the import runs in full and nothing is written.</summary>
internal sealed class DiscardingRevisionWriter : IRevisionWriter
{
    public void Add(Domain.Registry.PersonRevision revision) { }

    public void Close(long revisionId, long version) { }

    public void Flush() { }

    public void Dispose() { }
}
