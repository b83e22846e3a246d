using System.ComponentModel.DataAnnotations;
using Callback.Domain.Inspections;
using Callback.Domain.Regions;

namespace Callback.Host.Inspections;

public sealed record PolicyRequest(
    [Range(1, 100)] int? PersonsPerUnit, [Range(0, 100)] int? Reserves, [Range(1, 20)] int? AttemptsBeforeUnreachable, [Range(1, 20)] int? DistinctDays,
    [StringLength(64)] string? CallingHours, [StringLength(32)] string? Unreachable, [Range(1, 10)] int? MaxAttemptsPerDay = null,
    [Range(0, 1440)] int? MinutesBetweenTries = null);

public sealed record CreateInspection(
    [Required, StringLength(32)] string Kind, [Required, StringLength(200)] string Title, [Required] DateOnly? StartsOn, [Required] DateOnly? EndsOn,
    [Required, MaxLength(16)] IReadOnlyList<string> UnitCodes, [Range(1, long.MaxValue)] long? RegistryVersion, PolicyRequest? Policy);

public sealed record AssignInspector([Required, StringLength(64)] string UserName, [Required, StringLength(6)] string UnitCode);

public sealed record SetCommitment([Required, StringLength(200)] string Commitment);

public sealed record SetRegistryVersion([Required, Range(1, long.MaxValue)] long? Version);

public sealed record UnitView(string Code, string? Name);

public sealed record InspectorView(string UserName, string? HomeUnitCode, string UnitCode);

public sealed record InspectionView(
    int Id, string Kind, string KindText, string Title, DateOnly StartsOn, DateOnly EndsOn, IReadOnlyList<UnitView> Units,
    long RegistryVersion, string? SeedCommitment, DateTimeOffset? SeedCommittedAt, string? SeedCommittedBy, CallingPolicy Policy, bool Frozen, IReadOnlyList<InspectorView> Inspectors)
{
    public static InspectionView From(Inspection i, IEnumerable<InspectorAssignment> inspectors, RegionCatalog regions)
    {
        ArgumentNullException.ThrowIfNull(i);
        ArgumentNullException.ThrowIfNull(regions);
        return new(i.Id, i.Kind.ToString(), Inspection.Text(i.Kind), i.Title, i.StartsOn, i.EndsOn,
            [.. i.UnitCodes.Select(u => new UnitView(u, regions.FindUnit(u)?.Name))], i.RegistryVersion, i.SeedCommitment, i.SeedCommittedAt, i.SeedCommittedBy, i.Policy,
            i.FrozenAt is not null, [.. inspectors.Select(a => new InspectorView(a.UserName, a.HomeUnitCode, a.UnitCode))]);
    }
}
