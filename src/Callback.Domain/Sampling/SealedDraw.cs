namespace Callback.Domain.Sampling;

public enum DrawKind
{
    /// <summary>Persons of an inspected unit (item 4.4).</summary>
    Persons = 1,

    /// <summary>Counties of a league, for the spot check's 1–2 counties.</summary>
    Counties = 2,
}

/// <summary>
/// A draw as sealed: its inputs and outputs, stored once and never changed. Certificate numbers are kept
/// whole here; people see them masked.
/// </summary>
public sealed class SealedDraw
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public DrawKind Kind { get; set; }
    public required string Unit { get; set; }
    public required string Algorithm { get; set; }
    public required string Seed { get; set; }
    public long RegistryVersion { get; set; }
    public required string EligibilityFilter { get; set; }
    public int N { get; set; }
    public int R { get; set; }
    public int PopulationSize { get; set; }
    public required string PopulationHash { get; set; }
    public List<string> Sample { get; set; } = [];
    public List<string> Reserves { get; set; } = [];
    /// <summary>The seed's SHA-256 as published before the draw, when and by whom; null when none was (a self-check only).</summary>
    public string? SeedCommitment { get; set; }

    public DateTimeOffset? CommitmentPublishedAt { get; set; }

    public string? CommitmentPublishedBy { get; set; }

    public DateTimeOffset DrawnAt { get; set; }
    public required string DrawnBy { get; set; }
}
