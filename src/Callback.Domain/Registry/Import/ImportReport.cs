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

    /// <summary>Persons of the scope absent from the file: closed in this version (their history stays).</summary>
    public int Removed { get; set; }

    /// <summary>A preview: everything counted as the import would, nothing written (<see cref="Version"/> is 0).</summary>
    public bool DryRun { get; set; }

    /// <summary>The scope as stated: "province", "rows" (not stated: the units of the file's rows) or unit codes.</summary>
    public string Scope { get; set; } = "rows";

    /// <summary>Per unit: its rows in the file, its persons before, and how many the import removes.</summary>
    public List<UnitCount> Units { get; init; } = [];

    /// <summary>The units the file's rows belong to: the scope a preview proposes.</summary>
    public IReadOnlyList<string> ProposedScope => [.. Units.Where(u => u.Rows > 0).Select(u => u.Unit)];

    /// <summary>The share of a unit's persons above which removals need confirming.</summary>
    public double MaxRemovalShare { get; set; }

    /// <summary>Some unit would lose more than <see cref="MaxRemovalShare"/> of its persons and nobody confirmed it.</summary>
    public bool RemovalNeedsConfirmation { get; set; }

    public bool RemovalsConfirmed { get; set; }
    public IReadOnlyList<string> UnknownColumns { get; set; } = [];

    /// <summary>The sheets of a workbook read, in order, with their header row and rows read (empty for CSV).</summary>
    public IReadOnlyList<SheetRead> Sheets { get; set; } = [];

    /// <summary>The sheets passed over, and why: hidden, or no registry header in their first rows.</summary>
    public IReadOnlyList<SkippedSheet> SkippedSheets { get; set; } = [];
    public List<RejectedRow> RejectedRows { get; init; } = [];
    public List<RowWarning> Warnings { get; init; } = [];
}

/// <summary>
/// A unit as the import saw it: rows of the file, persons before the import and removed by it (of the import's own
/// kind, real or synthetic: these decide whether removals need confirming), whether it is in the scope, and the demo
/// persons a real export cleared.
/// </summary>
public sealed record UnitCount(string Unit, string Name, int Rows, int PersonsBefore, int Removed, bool InScope, int SyntheticRemoved = 0)
{
    public double RemovedShare => PersonsBefore == 0 ? 0 : Math.Round((double)Removed / PersonsBefore, 4);
}

/// <summary>
/// A rejected row: its number (1 = first row after the header; in a workbook, of its sheet), the headline problem, all
/// of them, and the sheet it is on.
/// </summary>
public sealed record RejectedRow(int Row, string Certificate, string? Column, string Code, string Message, IReadOnlyList<ReportedProblem> Problems, string? Sheet = null);

/// <summary>A sheet of a workbook that was read: its header's row as Excel numbers it, and the rows read below it.</summary>
public sealed class SheetRead
{
    public required string Name { get; init; }
    public int HeaderRow { get; init; }
    public int Rows { get; set; }
}

/// <summary>A sheet passed over: <see cref="Reason"/> is "hidden" or "no-header".</summary>
public sealed record SkippedSheet(string Name, string Reason);

public sealed record ReportedProblem(string? Column, string Code, string Message)
{
    public static ReportedProblem From(RowProblem p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.ColumnHeader, p.Code, p.Message);
    }
}

/// <summary>A problem that did not reject the row (an unparseable phone number, no callable number).</summary>
public sealed record RowWarning(int Row, string? Column, string Code, string Message, string? Sheet = null);
