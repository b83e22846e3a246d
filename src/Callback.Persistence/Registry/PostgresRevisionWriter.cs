using Npgsql;
using NpgsqlTypes;

namespace Callback.Persistence.Registry;

/// <summary>
/// The PostgreSQL writer: new revisions stream through one binary <c>COPY … FROM STDIN</c> (PostgreSQL's bulk path, no
/// statement per row), inside the import's transaction. A connection in COPY takes no other statement, so the old
/// revisions to close are kept (two longs each) and closed by one <c>UPDATE … FROM unnest(…)</c> when the copy ends;
/// nothing reads them in between, and nothing is unique on them, so the order does not matter to the result.
/// </summary>
/// <remarks>
/// Rows are encoded here in COPY's binary tuple format (<see cref="CopyTupleEncoder"/>) and sent through Npgsql's raw
/// copy stream. Npgsql's own <c>NpgsqlBinaryImporter</c> resolves, binds and writes every value through its parameter
/// machinery: about 150 ns a value, 4 s of a core for a million 26-column rows, on a two-core machine where the server
/// and the validating thread need that core (measured, with typed and untyped writes alike). The encoder does the
/// same for about a quarter of that, and a row's writer compiled once reads each value unboxed, without a delegate
/// call per column.
/// </remarks>
internal sealed class PostgresRevisionWriter : IRevisionWriter
{
    private readonly RevisionColumns _columns;
    private readonly NpgsqlConnection _connection;
    private readonly CopyTupleEncoder _encoder;
    private readonly Action<Domain.Registry.PersonRevision, CopyTupleEncoder> _writeRow;
    private readonly List<long> _closedIds = [];
    private readonly List<long> _closedAt = [];
    private NpgsqlRawCopyStream? _copy;

    public PostgresRevisionWriter(RevisionColumns columns, NpgsqlConnection connection)
    {
        _columns = columns;
        _connection = connection;
        _encoder = new CopyTupleEncoder(columns.InsertedColumns, columns.InsertedProviderTypes, columns.InsertedStoreTypes);
        var revision = System.Linq.Expressions.Expression.Parameter(typeof(Domain.Registry.PersonRevision), "revision");
        _writeRow = CopyTupleEncoder.CompileRowWriter<Domain.Registry.PersonRevision>(revision, columns.ValueExpressions(revision));
    }

    public void Add(Domain.Registry.PersonRevision revision)
    {
        if (_copy is null)
        {
            _copy = _connection.BeginRawBinaryCopy(
                $"COPY {_columns.Table} ({string.Join(", ", _columns.InsertedColumns)}) FROM STDIN (FORMAT BINARY)");
            _encoder.Start();
        }

        _writeRow(revision, _encoder);
        _encoder.DrainTo(_copy, whenAbove: CopyTupleEncoder.ChunkSize);
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
            _encoder.End();
            _encoder.DrainTo(_copy, whenAbove: 0);
            _copy.Dispose(); // ends the copy: the server inserts the rows
            _copy = null;
        }

        if (_closedIds.Count == 0)
            return;
        using var close = _connection.CreateCommand();
        close.CommandText = $"UPDATE {_columns.Table} SET {_columns.ValidToColumn} = closed.version " +
                            $"FROM unnest(@ids, @versions) AS closed(id, version) WHERE {_columns.Table}.{_columns.IdColumn} = closed.id";
        close.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _closedIds.ToArray() });
        close.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _closedAt.ToArray() });
        close.ExecuteNonQuery();
        _closedIds.Clear();
        _closedAt.Clear();
    }

    /// <summary>
    /// Without <see cref="Flush"/>, an unfinished copy is cancelled (the import failed; its transaction rolls back).
    /// Disposing the raw stream alone would end the copy as if complete.
    /// </summary>
    public void Dispose()
    {
        if (_copy is null)
            return;
        try
        {
            _copy.Cancel();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or ObjectDisposedException)
        {
            // The connection is already broken: the failure that brought us here is the one to report.
        }

        _copy.Dispose();
        _copy = null;
    }
}
