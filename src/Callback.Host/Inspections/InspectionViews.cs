using Callback.Domain.Inspections;
using Callback.Domain.Regions;

namespace Callback.Host.Inspections;

public sealed record PolicyRequest(
    int? PersonsPerUnit, int? Reserves, int? AttemptsBeforeUnreachable, int? DistinctDays, string? CallingHours, string? Unreachable);

public sealed record CreateInspection(
    string Kind, string Title, DateOnly StartsOn, DateOnly EndsOn, IReadOnlyList<string> UnitCodes, long? RegistryVersion, PolicyRequest? Policy);

public sealed record AssignInspector(string UserName, string UnitCode);

public sealed record SetCommitment(string Commitment);

public sealed record SetRegistryVersion(long Version);

public sealed record UnitView(string Code, string? Name);

public sealed record InspectorView(string UserName, string? HomeUnitCode, string UnitCode);

public sealed record InspectionView(
    int Id, string Kind, string KindText, string Title, DateOnly StartsOn, DateOnly EndsOn, IReadOnlyList<UnitView> Units,
    long RegistryVersion, string? SeedCommitment, CallingPolicy Policy, bool Frozen, IReadOnlyList<InspectorView> Inspectors)
{
    public static InspectionView From(Inspection i, IEnumerable<InspectorAssignment> inspectors, RegionCatalog regions)
    {
        ArgumentNullException.ThrowIfNull(i);
        ArgumentNullException.ThrowIfNull(regions);
        return new(i.Id, i.Kind.ToString(), Inspection.Text(i.Kind), i.Title, i.StartsOn, i.EndsOn,
            [.. i.UnitCodes.Select(u => new UnitView(u, regions.FindUnit(u)?.Name))], i.RegistryVersion, i.SeedCommitment, i.Policy,
            i.FrozenAt is not null, [.. inspectors.Select(a => new InspectorView(a.UserName, a.HomeUnitCode, a.UnitCode))]);
    }
}
