using System.Data.Common;
using System.Globalization;
using Callback.Domain.Registry;

namespace Callback.Persistence.Registry;

/// <summary>The portable writer: prepared, parameterised ADO.NET statements, for any EF provider.</summary>
internal sealed class AdoRevisionWriter : IRevisionWriter
{
    private readonly RevisionColumns _columns;
    private readonly DbCommand _insert;
    private readonly DbCommand _close;
    private bool _insertPrepared;
    private bool _closePrepared;

    public AdoRevisionWriter(RevisionColumns columns, DbConnection connection, DbTransaction transaction)
    {
        _columns = columns;
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = columns.InsertSql(Name);
        for (var i = 0; i < columns.InsertedColumns.Count; i++)
            AddParameter(_insert, Name(i));

        _close = connection.CreateCommand();
        _close.Transaction = transaction;
        _close.CommandText = columns.CloseSql("@to", "@id");
        AddParameter(_close, "@to");
        AddParameter(_close, "@id");
    }

    public void Add(PersonRevision revision)
    {
        var parameters = _insert.Parameters;
        var values = _columns.Values;
        for (var i = 0; i < values.Count; i++)
            parameters[i].Value = values[i](revision) ?? DBNull.Value;
        PrepareOnce(_insert, ref _insertPrepared);
        _insert.ExecuteNonQuery();
    }

    public void Close(long revisionId, long version)
    {
        _close.Parameters[0].Value = version;
        _close.Parameters[1].Value = revisionId;
        PrepareOnce(_close, ref _closePrepared);
        _close.ExecuteNonQuery();
    }

    public void Flush()
    {
        // Every statement is executed as it comes.
    }

    public void Dispose()
    {
        _insert.Dispose();
        _close.Dispose();
    }

    /// <summary>Prepared once its first values are bound: some providers (Npgsql) take a parameter's type from its value.</summary>
    private static void PrepareOnce(DbCommand command, ref bool prepared)
    {
        if (prepared)
            return;
        command.Prepare();
        prepared = true;
    }

    private static string Name(int column) => string.Create(CultureInfo.InvariantCulture, $"@p{column}");

    private static void AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
    }
}
