namespace Callback.Domain.Registry;

/// <summary>What is wrong with one cell of a row: the column, an English code and a Chinese message for the clerk.</summary>
public sealed record RowProblem(RegistryColumn? Column, string Code, string Message)
{
    public string? ColumnHeader => Column is { } c ? RegistryColumns.Header(c) : null;
}

/// <summary>The verdict on one row: a record to import (perhaps with warnings), or the problems that reject it.</summary>
public sealed record RowVerdict(int Row, PersonRecord? Record, IReadOnlyList<RowProblem> Problems, IReadOnlyList<RowProblem> Warnings)
{
    public bool Accepted => Record is not null;
}
