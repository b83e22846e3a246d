using System.Linq.Expressions;
using Callback.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;

namespace Callback.Persistence.Registry;

/// <summary>
/// The person-revision table as the EF model maps it: table and column names, and for each column a compiled
/// reader of its provider value (the property through its value converter). The bulk writers build their plain
/// SQL from this, so they cannot drift from the migrations.
/// </summary>
internal sealed class RevisionColumns
{
    public RevisionColumns(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(PersonRevision))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);

        Table = sql.DelimitIdentifier(table.Name, table.Schema);
        var inserted = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never).ToArray();
        InsertedColumns = [.. inserted.Select(Column)];
        InsertedStoreTypes = [.. inserted.Select(p => p.GetColumnType(table))];
        InsertedProviderTypes = [.. inserted.Select(ProviderType)];
        _inserted = inserted;
        // Compiled only when a writer needs them: compiling is costly, and queries need only the names.
        _values = new Lazy<IReadOnlyList<Func<PersonRevision, object?>>>(() => [.. inserted.Select(ProviderValue)]);
        IdColumn = Column(entity.FindPrimaryKey()!.Properties[0]);
        ValidToColumn = Column(entity.FindProperty(nameof(PersonRevision.ValidToVersion))!);
        CertificateColumn = Column(entity.FindProperty(nameof(PersonRevision.CertificateNumber))!);
        ValidFromColumn = Column(entity.FindProperty(nameof(PersonRevision.ValidFromVersion))!);
        UnitColumn = Column(entity.FindProperty(nameof(PersonRevision.UnitCode))!);
        CountyColumn = Column(entity.FindProperty(nameof(PersonRevision.CountyCode))!);
        HashColumn = Column(entity.FindProperty(nameof(PersonRevision.ContentHash))!);
        SyntheticColumn = Column(entity.FindProperty(nameof(PersonRevision.IsSynthetic))!);
    }

    public string Table { get; }

    public IReadOnlyList<string> InsertedColumns { get; }

    /// <summary>Each inserted column's type in the database (PostgreSQL's COPY encoder checks it fits the value's type).</summary>
    public IReadOnlyList<string> InsertedStoreTypes { get; }

    /// <summary>Each inserted column's value type as the provider sees it (after any value converter, not nullable).</summary>
    public IReadOnlyList<Type> InsertedProviderTypes { get; }

    private readonly IProperty[] _inserted;

    private readonly Lazy<IReadOnlyList<Func<PersonRevision, object?>>> _values;

    /// <summary>Each inserted column's value, boxed.</summary>
    public IReadOnlyList<Func<PersonRevision, object?>> Values => _values.Value;

    /// <summary>
    /// Each inserted column's value read from <paramref name="entity"/>, unboxed: of the provider's type, or its
    /// nullable form (<c>int?</c>, a null string) where the column takes nulls. For a writer that compiles a whole row.
    /// </summary>
    public IReadOnlyList<Expression> ValueExpressions(ParameterExpression entity) => [.. _inserted.Select(p => ProviderValue(p, entity))];

    public string IdColumn { get; }

    public string ValidToColumn { get; }

    public string CertificateColumn { get; }

    public string ValidFromColumn { get; }

    public string UnitColumn { get; }

    public string CountyColumn { get; }

    public string HashColumn { get; }

    public string SyntheticColumn { get; }

    /// <summary>INSERT of <paramref name="rows"/> rows, with placeholders numbered row by row, named by <paramref name="placeholder"/>.</summary>
    public string InsertSql(Func<int, string> placeholder, int rows = 1)
    {
        var columns = InsertedColumns.Count;
        var values = Enumerable.Range(0, rows)
            .Select(r => "(" + string.Join(", ", Enumerable.Range(0, columns).Select(c => placeholder((r * columns) + c))) + ")");
        return $"INSERT INTO {Table} ({string.Join(", ", InsertedColumns)}) VALUES {string.Join(", ", values)}";
    }

    /// <summary>Id, certificate number, content hash, unit and whether synthetic, of every person's current revision.</summary>
    public string CurrentSql => $"SELECT {IdColumn}, {CertificateColumn}, {HashColumn}, {UnitColumn}, {SyntheticColumn} FROM {Table} WHERE {ValidToColumn} IS NULL";

    /// <summary>Certificate number and unit of every record at a version (parameter @version), optionally of one unit (@unit) or county (@county).</summary>
    public string PopulationSql(string? filterColumn) =>
        $"SELECT {CertificateColumn}, {UnitColumn} FROM {Table} WHERE {ValidFromColumn} <= @version " +
        $"AND ({ValidToColumn} IS NULL OR {ValidToColumn} > @version)" + (filterColumn is null ? "" : $" AND {filterColumn} = @code");

    public string CloseSql(string to, string id) => $"UPDATE {Table} SET {ValidToColumn} = {to} WHERE {IdColumn} = {id}";

    private static Type ProviderType(IProperty property)
    {
        var type = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private static Func<PersonRevision, object?> ProviderValue(IProperty property)
    {
        var entity = Expression.Parameter(typeof(PersonRevision), "entity");
        return Expression.Lambda<Func<PersonRevision, object?>>(Expression.Convert(ProviderValue(property, entity), typeof(object)), entity).Compile();
    }

    private static Expression ProviderValue(IProperty property, ParameterExpression entity)
    {
        Expression value = Expression.Property(entity, property.PropertyInfo!);
        if (property.GetTypeMapping().Converter is not { } converter)
            return value;

        // Converters take the non-nullable model type; nulls stay null.
        var underlying = Nullable.GetUnderlyingType(value.Type);
        var model = underlying is null ? value : Expression.Property(value, "Value");
        var converted = ReplacingExpressionVisitor.Replace(
            converter.ConvertToProviderExpression.Parameters[0], Expression.Convert(model, converter.ModelClrType), converter.ConvertToProviderExpression.Body);
        if (underlying is null)
            return converted;
        var nullable = converted.Type.IsValueType ? typeof(Nullable<>).MakeGenericType(converted.Type) : converted.Type;
        return Expression.Condition(Expression.Property(value, "HasValue"), Expression.Convert(converted, nullable), Expression.Constant(null, nullable));
    }
}
