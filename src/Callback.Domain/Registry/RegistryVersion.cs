namespace Callback.Domain.Registry;

/// <summary>
/// One import of a registry export. Versions are numbered by their Id and never change once written;
/// a draw refers to one, and sees every person as they were at that version.
/// </summary>
public sealed class RegistryVersion
{
    public long Id { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public required string ImportedBy { get; set; }
    public required string FileName { get; set; }
    public required string FileSha256 { get; set; }
    public long FileSize { get; set; }
    public required string Format { get; set; }
    public string? Encoding { get; set; }

    /// <summary>Synthetic records (demo, training, tests): never dialled through a real provider.</summary>
    public bool IsSynthetic { get; set; }

    public int RowsRead { get; set; }
    public int Added { get; set; }
    public int Changed { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    public int WithoutCallableNumber { get; set; }

    /// <summary>Persons of the scope absent from the file, closed by this version.</summary>
    public int Removed { get; set; }

    /// <summary>What the file covered: "province", "rows" (the units of its rows) or unit codes separated by commas.</summary>
    public string Scope { get; set; } = "rows";

    /// <summary>The whole import report as JSON, kept as evidence of what the file held.</summary>
    public string ReportJson { get; set; } = "{}";
}
