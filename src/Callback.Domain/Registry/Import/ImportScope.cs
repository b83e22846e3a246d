using Callback.Domain.Regions;

namespace Callback.Domain.Registry.Import;

/// <summary>
/// What a registry export covers. A league's export is a snapshot of its persons: whoever of the scope is absent
/// from the file has left the registry and is closed in the new version (their history stays). Rows outside a
/// stated scope are refused. When nothing is stated the scope is the units the file's rows belong to, so that a
/// file never removes persons of a unit it does not mention.
/// </summary>
public sealed record ImportScope
{
    private ImportScope(ImportScopeKind kind, IReadOnlySet<string> units) => (Kind, Units) = (kind, units);

    public ImportScopeKind Kind { get; }

    /// <summary>The units stated (kind <see cref="ImportScopeKind.Units"/>); empty otherwise.</summary>
    public IReadOnlySet<string> Units { get; }

    /// <summary>Every unit of the province.</summary>
    public static ImportScope Province { get; } = new(ImportScopeKind.Province, new HashSet<string>());

    /// <summary>Not stated: the units the file's rows belong to.</summary>
    public static ImportScope OfRows { get; } = new(ImportScopeKind.Rows, new HashSet<string>());

    public static ImportScope OfUnits(IEnumerable<string> units) =>
        new(ImportScopeKind.Units, new SortedSet<string>(units, StringComparer.Ordinal));

    /// <summary>Whether a row of <paramref name="unitCode"/> may be in the file (a scope of rows takes any).</summary>
    public bool Admits(string unitCode) => Kind != ImportScopeKind.Units || Units.Contains(unitCode);

    /// <summary>The scope as written on the command line and stored with the version: "province", "rows" or unit codes.</summary>
    public override string ToString() => Kind switch
    {
        ImportScopeKind.Province => "province",
        ImportScopeKind.Rows => "rows",
        _ => string.Join(",", Units),
    };

    /// <summary>
    /// Reads "province" (or the province's code 150000), "rows", or unit codes separated by commas. Returns null and
    /// says why in <paramref name="error"/> when a code is not an inspection unit.
    /// </summary>
    public static ImportScope? Parse(string? text, RegionCatalog regions, out string? error)
    {
        ArgumentNullException.ThrowIfNull(regions);
        error = null;
        var parts = (text ?? "").Split([',', '，', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts is ["rows"])
            return OfRows;
        if (parts is ["province"] || parts is [RegionCatalog.ProvinceCode])
            return Province;
        var unknown = parts.Where(p => regions.FindUnit(p) is null).ToList();
        if (unknown.Count > 0)
        {
            error = $"导入范围中的“{string.Join("、", unknown)}”不是检查单位代码（应为盟市代码，如 150100，或 province 表示全区）";
            return null;
        }

        return OfUnits(parts);
    }
}

public enum ImportScopeKind
{
    /// <summary>Not stated: the units the file's rows belong to.</summary>
    Rows,

    /// <summary>One or more inspection units, stated.</summary>
    Units,

    /// <summary>The whole province.</summary>
    Province,
}
