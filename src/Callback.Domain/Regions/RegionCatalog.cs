using System.Collections.Frozen;
using System.Reflection;

namespace Callback.Domain.Regions;

/// <summary>
/// The province's counties and inspection units, read from the data file shipped in this assembly.
/// Unit membership comes from the file's own column: 满洲里市 (with 扎赉诺尔区) and 二连浩特市 are units of
/// their own, not part of their leagues' units.
/// </summary>
public sealed class RegionCatalog
{
    public const string ProvinceCode = "150000";
    public const string ProvincePrefix = "15";

    private readonly FrozenDictionary<string, County> _counties;
    private readonly FrozenDictionary<string, InspectionUnit> _units;

    private RegionCatalog(IReadOnlyList<County> counties, IReadOnlyList<InspectionUnit> units)
    {
        Counties = counties;
        Units = units;
        _counties = counties.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
        _units = units.ToFrozenDictionary(u => u.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<County> Counties { get; }

    public IReadOnlyList<InspectionUnit> Units { get; }

    /// <summary>The catalog shipped with Callback. Loaded once: it is immutable reference data.</summary>
    public static RegionCatalog InnerMongolia { get; } = LoadEmbedded();

    public County? FindCounty(string code) => _counties.GetValueOrDefault(code);

    public InspectionUnit? FindUnit(string code) => _units.GetValueOrDefault(code);

    public static RegionCatalog Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var counties = new List<County>();
        var unitNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        var headerSeen = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var cells = line.Split('\t');
            if (!headerSeen)
            {
                headerSeen = true;
                if (cells[0] == "league_code")
                    continue;
            }

            if (cells.Length != 6)
                throw new FormatException($"regions file, line {lineNumber}: expected 6 tab-separated columns, found {cells.Length}.");
            counties.Add(new County(cells[2], cells[3], cells[0], cells[1], cells[4]));
            unitNames.TryAdd(cells[4], cells[5]);
        }

        var units = unitNames
            .Select(u => new InspectionUnit(u.Key, u.Value,
                counties.Where(c => c.UnitCode == u.Key).Select(c => c.Code).ToList()))
            .OrderBy(u => u.Code, StringComparer.Ordinal)
            .ToList();
        return new RegionCatalog(counties, units);
    }

    private static RegionCatalog LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("regions-inner-mongolia.tsv")
            ?? throw new InvalidOperationException("The regions data file is missing from the Callback.Domain assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
