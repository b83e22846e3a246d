namespace Callback.Domain.Registry.Import;

/// <summary>What an import did: the counts, every rejected row with its problems, and the warnings.</summary>
public sealed class ImportReport
{
    public long Version { get; set; }
    public required string FileName { get; init; }
    public required string FileSha256 { get; init; }
    public long FileSize { get; init; }
    public required string Format { get; init; }
    public string? Encoding { get; init; }
    public bool Synthetic { get; init; }
    public int RowsRead { get; set; }
    public int Added { get; set; }
    public int Changed { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    public int WithoutCallableNumber { get; set; }
    public IReadOnlyList<string> UnknownColumns { get; init; } = [];
    public List<RejectedRow> RejectedRows { get; init; } = [];
    public List<RowWarning> Warnings { get; init; } = [];
}

/// <summary>A rejected row: its number (1 = first row after the header), the headline problem, and all of them.</summary>
public sealed record RejectedRow(int Row, string Certificate, string? Column, string Code, string Message, IReadOnlyList<ReportedProblem> Problems);

public sealed record ReportedProblem(string? Column, string Code, string Message)
{
    public static ReportedProblem From(RowProblem p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.ColumnHeader, p.Code, p.Message);
    }
}

/// <summary>A problem that did not reject the row (an unparseable phone number, no callable number).</summary>
public sealed record RowWarning(int Row, string? Column, string Code, string Message);
