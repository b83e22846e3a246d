namespace Callback.Domain.Regions;

/// <summary>A county-level division of Inner Mongolia and the inspection unit it belongs to.</summary>
public sealed record County(string Code, string Name, string LeagueCode, string LeagueName, string UnitCode);
