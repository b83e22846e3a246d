using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Callback.Persistence.Registry;

/// <summary>
/// The PostgreSQL writer: new revisions stream through one binary <c>COPY … FROM STDIN</c> (PostgreSQL's bulk path, no
/// statement per row), inside the import's transaction. A connection in COPY takes no other statement, so the old
/// revisions to close are kept (two longs each) and closed by one <c>UPDATE … FROM unnest(…)</c> when the copy ends;
/// nothing reads them in between, and nothing is unique on them, so the order does not matter to the result.
/// </summary>
internal sealed class PostgresRevisionWriter(RevisionColumns columns, NpgsqlConnection connection) : IRevisionWriter
{
    private readonly string[] _types = [.. columns.InsertedStoreTypes.Select(BaseTypeName)];
    private readonly List<long> _closedIds = [];
    private readonly List<long> _closedAt = [];
    private NpgsqlBinaryImporter? _copy;

    public void Add(Domain.Registry.PersonRevision revision)
    {
        _copy ??= connection.BeginBinaryImport(
            $"COPY {columns.Table} ({string.Join(", ", columns.InsertedColumns)}) FROM STDIN (FORMAT BINARY)");
        _copy.StartRow();
        var values = columns.Values;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i](revision) is { } value)
                _copy.Write(value, _types[i]);
            else
                _copy.WriteNull();
        }
    }

    public void Close(long revisionId, long version)
    {
        _closedIds.Add(revisionId);
        _closedAt.Add(version);
    }

    public void Flush()
    {
        if (_copy is not null)
        {
            _copy.Complete();
            _copy.Dispose();
            _copy = null;
        }

        if (_closedIds.Count == 0)
            return;
        using var close = connection.CreateCommand();
        close.CommandText = $"UPDATE {columns.Table} SET {columns.ValidToColumn} = closed.version " +
                            $"FROM unnest(@ids, @versions) AS closed(id, version) WHERE {columns.Table}.{columns.IdColumn} = closed.id";
        close.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _closedIds.ToArray() });
        close.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _closedAt.ToArray() });
        close.ExecuteNonQuery();
        _closedIds.Clear();
        _closedAt.Clear();
    }

    /// <summary>Without <see cref="Flush"/>, an unfinished copy is cancelled (the import failed; its transaction rolls back).</summary>
    public void Dispose() => _copy?.Dispose();

    /// <summary>"character varying(64)" → "character varying": COPY names a value's type without its length.</summary>
    private static string BaseTypeName(string storeType)
    {
        var facets = storeType.IndexOf('(', StringComparison.Ordinal);
        return (facets < 0 ? storeType : storeType[..facets]).Trim().ToLower(CultureInfo.InvariantCulture);
    }
}
