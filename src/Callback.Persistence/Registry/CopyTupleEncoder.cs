using System.Buffers.Binary;
using System.Text;

namespace Callback.Persistence.Registry;

/// <summary>
/// PostgreSQL's binary COPY format (the header, then per row a field count and each field as length and bytes in
/// network order, then -1), for the value and column types the registry's columns have. A column of another type is
/// refused when the writer is made, not at the first row: a value sent in another type's binary form could be stored
/// wrong without an error.
/// </summary>
internal sealed class CopyTupleEncoder
{
    public const int ChunkSize = 64 * 1024;

    // "PGCOPY\n\377\r\n\0", flags (no OIDs), header extension length.
    private static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;

    private readonly Kind[] _kinds;
    private byte[] _buffer = new byte[ChunkSize * 2];
    private int _length;

    private enum Kind { Text, Int64, Int32, Boolean, Date, Bytes }

    // Each kind with the column types whose binary form it is: a value is only sent into a column that reads it so.
    private static readonly (Type Value, Kind Kind, string[] Columns)[] Encodings =
    [
        (typeof(string), Kind.Text, ["text", "character varying", "varchar", "character", "char", "bpchar"]),
        (typeof(long), Kind.Int64, ["bigint", "int8"]),
        (typeof(int), Kind.Int32, ["integer", "int", "int4"]),
        (typeof(bool), Kind.Boolean, ["boolean", "bool"]),
        (typeof(DateOnly), Kind.Date, ["date"]),
        (typeof(byte[]), Kind.Bytes, ["bytea"]),
    ];

    /// <param name="names">Each column's name, for the error.</param>
    /// <param name="values">Each column's value type (after any value converter).</param>
    /// <param name="columnTypes">Each column's type in the database, as its migrations declare it ("character(20)").</param>
    public CopyTupleEncoder(IReadOnlyList<string> names, IReadOnlyList<Type> values, IReadOnlyList<string> columnTypes)
    {
        _kinds = new Kind[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var column = BaseTypeName(columnTypes[i]);
            var encoding = Array.FindIndex(Encodings, e => e.Value == values[i] && e.Columns.Contains(column));
            _kinds[i] = encoding >= 0
                ? Encodings[encoding].Kind
                : throw new NotSupportedException($"Column {names[i]}: values of type {values[i].Name} into a {column} column have no binary COPY encoding here.");
        }
    }

    /// <summary>"character varying(64)" → "character varying": the type without its length.</summary>
    private static string BaseTypeName(string storeType)
    {
        var facets = storeType.IndexOf('(', StringComparison.Ordinal);
        return (facets < 0 ? storeType : storeType[..facets]).Trim().ToLowerInvariant();
    }

    public void Start() => Append(Header);

    public void StartRow(int fields) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), (short)fields);

    public void End() => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), -1);

    public void Write(int column, object? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(Reserve(4), -1);
            return;
        }

        switch (_kinds[column])
        {
            case Kind.Text:
                var text = (string)value;
                var bytes = Encoding.UTF8.GetMaxByteCount(text.Length);
                var field = Reserve(4 + bytes, commit: false);
                var written = Encoding.UTF8.GetBytes(text, field[4..]);
                BinaryPrimitives.WriteInt32BigEndian(field, written);
                _length += 4 + written;
                break;
            case Kind.Int64:
                var int64 = Reserve(12);
                BinaryPrimitives.WriteInt32BigEndian(int64, 8);
                BinaryPrimitives.WriteInt64BigEndian(int64[4..], (long)value);
                break;
            case Kind.Int32:
                var int32 = Reserve(8);
                BinaryPrimitives.WriteInt32BigEndian(int32, 4);
                BinaryPrimitives.WriteInt32BigEndian(int32[4..], (int)value);
                break;
            case Kind.Boolean:
                var boolean = Reserve(5);
                BinaryPrimitives.WriteInt32BigEndian(boolean, 1);
                boolean[4] = (bool)value ? (byte)1 : (byte)0;
                break;
            case Kind.Date:
                // Days since PostgreSQL's epoch, 2000-01-01.
                var date = Reserve(8);
                BinaryPrimitives.WriteInt32BigEndian(date, 4);
                BinaryPrimitives.WriteInt32BigEndian(date[4..], ((DateOnly)value).DayNumber - PostgresEpochDay);
                break;
            case Kind.Bytes:
                var data = (byte[])value;
                var blob = Reserve(4 + data.Length);
                BinaryPrimitives.WriteInt32BigEndian(blob, data.Length);
                data.CopyTo(blob[4..]);
                break;
        }
    }

    /// <summary>Sends what is encoded once it exceeds <paramref name="whenAbove"/> bytes.</summary>
    public void DrainTo(Stream stream, int whenAbove)
    {
        if (_length <= whenAbove)
            return;
        stream.Write(_buffer, 0, _length);
        _length = 0;
    }

    private void Append(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    private Span<byte> Reserve(int bytes, bool commit = true)
    {
        if (_length + bytes > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        var span = _buffer.AsSpan(_length, bytes);
        if (commit)
            _length += bytes;
        return span;
    }
}
