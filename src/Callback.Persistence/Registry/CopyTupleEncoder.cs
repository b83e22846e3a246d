using System.Buffers.Binary;
using System.Text;

namespace Callback.Persistence.Registry;

/// <summary>
/// PostgreSQL's binary COPY format (the header, then per row a field count and each field as length and bytes in
/// network order, then -1), for the value types the registry's columns have. A column of another type is refused when
/// the writer is made, not at the first row.
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

    public CopyTupleEncoder(IReadOnlyList<Type> types, IReadOnlyList<string> names)
    {
        _kinds = new Kind[types.Count];
        for (var i = 0; i < types.Count; i++)
        {
            _kinds[i] = types[i] switch
            {
                var t when t == typeof(string) => Kind.Text,
                var t when t == typeof(long) => Kind.Int64,
                var t when t == typeof(int) => Kind.Int32,
                var t when t == typeof(bool) => Kind.Boolean,
                var t when t == typeof(DateOnly) => Kind.Date,
                var t when t == typeof(byte[]) => Kind.Bytes,
                var t => throw new NotSupportedException($"Column {names[i]}: values of type {t.Name} have no binary COPY encoding here."),
            };
        }
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
