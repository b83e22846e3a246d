using System.Globalization;
using System.Text;
using Callback.Domain.Registry;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Callback.Persistence.Registry;

/// <summary>
/// The SQLite writer: the same plain SQL as <see cref="AdoRevisionWriter"/>, bound through SQLite's own API on the
/// connection's handle (inside the import's transaction, which is simply open on that connection). Binding by
/// position skips ADO.NET's per-parameter name lookups, which otherwise cost more than SQLite's own work.
/// Values are stored exactly as Microsoft.Data.Sqlite stores them (text, integer, DateOnly as yyyy-MM-dd).
/// </summary>
internal sealed class SqliteRevisionWriter : IRevisionWriter
{
    private readonly RevisionColumns _columns;
    private readonly sqlite3 _db;
    // Several rows per statement spread SQLite's per-statement cost; positional binding keeps it cheap.
    private const int RowsPerStatement = 16;

    private readonly sqlite3_stmt _insertMany;
    private readonly sqlite3_stmt _insert;
    private readonly PersonRevision[] _pending = new PersonRevision[RowsPerStatement];
    private int _pendingCount;
    private readonly sqlite3_stmt _close;
    private byte[] _utf8 = new byte[1024];

    public SqliteRevisionWriter(RevisionColumns columns, SqliteConnection connection)
    {
        _columns = columns;
        _db = connection.Handle!;
        _insert = Prepare(columns.InsertSql(Placeholder));
        _insertMany = Prepare(columns.InsertSql(Placeholder, RowsPerStatement));
        _close = Prepare(columns.CloseSql("?1", "?2"));
    }

    public void Add(PersonRevision revision)
    {
        _pending[_pendingCount++] = revision;
        if (_pendingCount < RowsPerStatement)
            return;
        for (var r = 0; r < RowsPerStatement; r++)
            BindRow(_insertMany, r, _pending[r]);
        Step(_insertMany);
        _pendingCount = 0;
    }

    public void Close(long revisionId, long version)
    {
        // A person's old revision is closed before its new one is inserted; keep that order visible.
        Flush();
        raw.sqlite3_bind_int64(_close, 1, version);
        raw.sqlite3_bind_int64(_close, 2, revisionId);
        Step(_close);
    }

    public void Flush()
    {
        for (var r = 0; r < _pendingCount; r++)
        {
            BindRow(_insert, 0, _pending[r]);
            Step(_insert);
        }

        _pendingCount = 0;
    }

    public void Dispose()
    {
        _insertMany.Dispose();
        _insert.Dispose();
        _close.Dispose();
    }

    private static string Placeholder(int index) => string.Create(CultureInfo.InvariantCulture, $"?{index + 1}");

    private void BindRow(sqlite3_stmt statement, int row, PersonRevision revision)
    {
        var values = _columns.Values;
        var first = (row * values.Count) + 1;
        for (var i = 0; i < values.Count; i++)
            Bind(statement, first + i, values[i](revision));
    }

    private void Bind(sqlite3_stmt statement, int index, object? value)
    {
        var rc = value switch
        {
            null => raw.sqlite3_bind_null(statement, index),
            string s => BindText(statement, index, s),
            long l => raw.sqlite3_bind_int64(statement, index, l),
            int n => raw.sqlite3_bind_int64(statement, index, n),
            bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
            byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
            DateOnly d => BindDate(statement, index, d),
            _ => throw new NotSupportedException($"No SQLite binding for {value.GetType()} (column {index})."),
        };
        Check(rc);
    }

    /// <summary>Text through one reused UTF-8 buffer (SQLite copies it), not a new byte array per value.</summary>
    private int BindText(sqlite3_stmt statement, int index, string text)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < needed)
            _utf8 = new byte[Math.Max(needed, _utf8.Length * 2)];
        var length = Encoding.UTF8.GetBytes(text, _utf8);
        return raw.sqlite3_bind_text(statement, index, _utf8.AsSpan(0, length));
    }

    private int BindDate(sqlite3_stmt statement, int index, DateOnly date)
    {
        Span<byte> text = stackalloc byte[10];
        date.TryFormat(text, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return raw.sqlite3_bind_text(statement, index, text[..written]);
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
            Check(rc);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_db, sql, out var statement));
        return statement;
    }

    private void Check(int rc)
    {
        if (rc is not raw.SQLITE_OK and not raw.SQLITE_DONE)
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
    }
}
