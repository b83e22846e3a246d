namespace Callback.Domain.Inspections;

/// <summary>自查 self-check, 互查 mutual check, 抽查 spot check (notice 内残就〔2015〕12号, section 2).</summary>
public enum InspectionKind { SelfCheck = 1, MutualCheck = 2, SpotCheck = 3 }

/// <summary>One inspection campaign: what it inspects, from which registry version, under which calling policy.</summary>
public sealed class Inspection
{
    public int Id { get; set; }
    public InspectionKind Kind { get; set; }
    public required string Title { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public List<string> UnitCodes { get; set; } = [];

    /// <summary>The registry version draws are taken from; frozen by the first draw.</summary>
    public long RegistryVersion { get; set; }

    /// <summary>SHA-256 (hex) of the seed, published before the draw; a draw then refuses any other seed.</summary>
    public string? SeedCommitment { get; set; }

    /// <summary>When and by whom the commitment was published: a draw's certificate shows both.</summary>
    public DateTimeOffset? SeedCommittedAt { get; set; }

    public string? SeedCommittedBy { get; set; }

    /// <summary>
    /// Mutual and spot checks draw only from a seed committed to beforehand, so that nobody can try seeds until
    /// the sample suits them; a unit's own self-check may go without, and its certificate says so.
    /// </summary>
    public bool RequiresCommitment => Kind != InspectionKind.SelfCheck;

    public CallingPolicy Policy { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    /// <summary>Set when the first draw is sealed: from then on version, units and policy cannot change.</summary>
    public DateTimeOffset? FrozenAt { get; set; }

    public static string Text(InspectionKind kind) => kind switch
    {
        InspectionKind.SelfCheck => "自查",
        InspectionKind.MutualCheck => "互查",
        _ => "抽查",
    };
}

/// <summary>An inspector of the inspection, their home unit, and the unit they are assigned to inspect.</summary>
public sealed class InspectorAssignment
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }
    public string? HomeUnitCode { get; set; }
    public required string UnitCode { get; set; }
}
