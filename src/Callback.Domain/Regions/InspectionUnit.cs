namespace Callback.Domain.Regions;

/// <summary>A unit the notice inspects: a league or city, or one of the separately planned cities.</summary>
public sealed record InspectionUnit(string Code, string Name, IReadOnlyList<string> CountyCodes);
