using System.Buffers.Binary;
using System.Linq.Expressions;
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

    private byte[] _buffer = new byte[ChunkSize * 2];
    private int _length;

    // Each value type this encoder writes (a Write overload) with the column types whose binary form it is: a value
    // is only sent into a column that reads it so.
    private static readonly (Type Value, string[] Columns)[] Encodings =
    [
        (typeof(string), ["text", "character varying", "varchar", "character", "char", "bpchar"]),
        (typeof(long), ["bigint", "int8"]),
        (typeof(int), ["integer", "int", "int4"]),
        (typeof(bool), ["boolean", "bool"]),
        (typeof(DateOnly), ["date"]),
        (typeof(byte[]), ["bytea"]),
    ];

    /// <param name="names">Each column's name, for the error.</param>
    /// <param name="values">Each column's value type (after any value converter).</param>
    /// <param name="columnTypes">Each column's type in the database, as its migrations declare it ("character(20)").</param>
    public CopyTupleEncoder(IReadOnlyList<string> names, IReadOnlyList<Type> values, IReadOnlyList<string> columnTypes)
    {
        for (var i = 0; i < names.Count; i++)
        {
            var column = BaseTypeName(columnTypes[i]);
            if (!Encodings.Any(e => e.Value == values[i] && e.Columns.Contains(column)))
                throw new NotSupportedException($"Column {names[i]}: values of type {values[i].Name} into a {column} column have no binary COPY encoding here.");
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

    /// <summary>
    /// One row's writer, compiled once: a field count, then each value through the overload of its own type, unboxed,
    /// nulls as -1. <paramref name="values"/> are each column's value read from <paramref name="entity"/>, in order, of
    /// the types this encoder was made for (or their nullable forms).
    /// </summary>
    public static Action<TEntity, CopyTupleEncoder> CompileRowWriter<TEntity>(ParameterExpression entity, IReadOnlyList<Expression> values)
    {
        var encoder = Expression.Parameter(typeof(CopyTupleEncoder), "encoder");
        var row = new List<Expression> { Expression.Call(encoder, nameof(StartRow), null, Expression.Constant(values.Count)) };
        foreach (var value in values)
        {
            if (Nullable.GetUnderlyingType(value.Type) is null)
            {
                row.Add(Expression.Call(encoder, nameof(Write), null, value));
                continue;
            }

            var read = Expression.Variable(value.Type, "value");
            row.Add(Expression.Block([read],
                Expression.Assign(read, value),
                Expression.IfThenElse(Expression.Property(read, "HasValue"),
                    Expression.Call(encoder, nameof(Write), null, Expression.Property(read, "Value")),
                    Expression.Call(encoder, nameof(WriteNull), null))));
        }

        return Expression.Lambda<Action<TEntity, CopyTupleEncoder>>(Expression.Block(row), entity, encoder).Compile();
    }

    public void WriteNull() => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), -1);

    public void Write(string? text)
    {
        if (text is null)
        {
            WriteNull();
            return;
        }

        var field = Reserve(4 + Encoding.UTF8.GetMaxByteCount(text.Length), commit: false);
        var written = Encoding.UTF8.GetBytes(text, field[4..]);
        BinaryPrimitives.WriteInt32BigEndian(field, written);
        _length += 4 + written;
    }

    public void Write(long value)
    {
        var field = Reserve(12);
        BinaryPrimitives.WriteInt32BigEndian(field, 8);
        BinaryPrimitives.WriteInt64BigEndian(field[4..], value);
    }

    public void Write(int value)
    {
        var field = Reserve(8);
        BinaryPrimitives.WriteInt32BigEndian(field, 4);
        BinaryPrimitives.WriteInt32BigEndian(field[4..], value);
    }

    public void Write(bool value)
    {
        var field = Reserve(5);
        BinaryPrimitives.WriteInt32BigEndian(field, 1);
        field[4] = value ? (byte)1 : (byte)0;
    }

    /// <summary>Days since PostgreSQL's epoch, 2000-01-01.</summary>
    public void Write(DateOnly value)
    {
        var field = Reserve(8);
        BinaryPrimitives.WriteInt32BigEndian(field, 4);
        BinaryPrimitives.WriteInt32BigEndian(field[4..], value.DayNumber - PostgresEpochDay);
    }

    public void Write(byte[]? data)
    {
        if (data is null)
        {
            WriteNull();
            return;
        }

        var field = Reserve(4 + data.Length);
        BinaryPrimitives.WriteInt32BigEndian(field, data.Length);
        data.CopyTo(field[4..]);
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
