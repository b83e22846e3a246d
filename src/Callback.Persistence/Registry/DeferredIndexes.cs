using System.Data.Common;
using Callback.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Callback.Persistence.Registry;

/// <summary>
/// Drops the person revisions' secondary indexes for a bulk import and builds them again before commit:
/// building an index once from sorted data costs far less than a million random B-tree insertions. Both
/// statements come from EF's own migrations SQL generator, so they match the model on any provider, and run
/// inside the import's transaction, so a failed import leaves the indexes as they were.
/// </summary>
internal sealed class DeferredIndexes(DbContext db, DbConnection connection, DbTransaction transaction)
{
    // The design-time model keeps what migrations need (index sort order and the like).
    private readonly IModel _model = db.GetService<IDesignTimeModel>().Model;

    private ITableIndex[] Indexes => [.. _model.GetRelationalModel().Tables
        .Single(t => t.EntityTypeMappings.Any(m => m.TypeBase.ClrType == typeof(PersonRevision)))
        .Indexes.Where(i => !i.IsUnique)];

    public void Drop() => Execute(Indexes.Select(i => (MigrationOperation)new DropIndexOperation
    {
        Name = i.Name,
        Table = i.Table.Name,
        Schema = i.Table.Schema,
    }));

    public void Create() => Execute(Indexes.Select(i => (MigrationOperation)CreateIndexOperation.CreateFrom(i)));

    private void Execute(IEnumerable<MigrationOperation> operations)
    {
        var generator = db.GetService<IMigrationsSqlGenerator>();
        foreach (var command in generator.Generate([.. operations], _model))
        {
            using var sql = connection.CreateCommand();
            sql.Transaction = transaction;
            sql.CommandText = command.CommandText;
            sql.ExecuteNonQuery();
        }
    }
}
