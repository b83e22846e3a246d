using System.Data.Common;
using System.Globalization;
using Callback.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Callback.Persistence.Registry;

/// <summary>
/// Writes person revisions with prepared, parameterised statements on the import's own transaction.
/// EF's change tracker costs far too much per row for a million-row import, so the statements are built
/// from the EF model itself (table, columns, value converters): plain SQL, valid for any provider, that
/// cannot drift from the migrations.
/// </summary>
internal sealed class RevisionWriter : IDisposable
{
    private const int RowsPerStatement = 32;

    private readonly DbCommand _insertMany;
    private readonly DbCommand _insertOne;
    private readonly DbCommand _close;
    private readonly IProperty[] _properties;
    private readonly PersonRevision[] _pending = new PersonRevision[RowsPerStatement];
    private int _pendingCount;

    public RevisionWriter(DbContext db, DbConnection connection, DbTransaction transaction)
    {
        var entity = db.Model.FindEntityType(typeof(PersonRevision))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        _properties = [.. entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never)];
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);
        var columns = string.Join(", ", _properties.Select(Column));

        _insertMany = Insert(RowsPerStatement);
        _insertOne = Insert(1);

        var id = entity.FindPrimaryKey()!.Properties[0];
        var validTo = entity.FindProperty(nameof(PersonRevision.ValidToVersion))!;
        _close = connection.CreateCommand();
        _close.Transaction = transaction;
        _close.CommandText = $"UPDATE {tableName} SET {Column(validTo)} = @to WHERE {Column(id)} = @id";
        AddParameter(_close, "@to");
        AddParameter(_close, "@id");
        _close.Prepare();

        DbCommand Insert(int rows)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            var values = Enumerable.Range(0, rows).Select(r =>
                "(" + string.Join(", ", _properties.Select((_, i) => Name(r, i))) + ")");
            command.CommandText = $"INSERT INTO {tableName} ({columns}) VALUES {string.Join(", ", values)}";
            for (var r = 0; r < rows; r++)
            {
                for (var i = 0; i < _properties.Length; i++)
                    AddParameter(command, Name(r, i));
            }

            command.Prepare();
            return command;
        }
    }

    public void Add(PersonRevision revision)
    {
        _pending[_pendingCount++] = revision;
        if (_pendingCount == RowsPerStatement)
            Flush();
    }

    /// <summary>Closes a person's current revision at the version that replaces it.</summary>
    public void Close(long revisionId, long version)
    {
        _close.Parameters[0].Value = version;
        _close.Parameters[1].Value = revisionId;
        _close.ExecuteNonQuery();
    }

    public void Flush()
    {
        if (_pendingCount == RowsPerStatement)
        {
            Bind(_insertMany, _pending);
            _insertMany.ExecuteNonQuery();
        }
        else
        {
            for (var r = 0; r < _pendingCount; r++)
            {
                Bind(_insertOne, _pending.AsSpan(r, 1));
                _insertOne.ExecuteNonQuery();
            }
        }

        Array.Clear(_pending);
        _pendingCount = 0;
    }

    public void Dispose()
    {
        _insertMany.Dispose();
        _insertOne.Dispose();
        _close.Dispose();
    }

    private void Bind(DbCommand command, ReadOnlySpan<PersonRevision> rows)
    {
        var parameters = command.Parameters;
        var n = 0;
        foreach (var row in rows)
        {
            foreach (var property in _properties)
            {
                var value = property.GetGetter().GetClrValueUsingContainingEntity(row);
                var converter = property.GetTypeMapping().Converter;
                if (converter is not null && value is not null)
                    value = converter.ConvertToProvider(value);
                parameters[n++].Value = value ?? DBNull.Value;
            }
        }
    }

    private static string Name(int row, int column) => string.Create(CultureInfo.InvariantCulture, $"@p{row}_{column}");

    private static void AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
    }
}
