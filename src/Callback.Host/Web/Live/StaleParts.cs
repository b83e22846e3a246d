namespace Callback.Host.Web.Live;

/// <summary>
/// Which parts of a dashboard a burst of changes has made stale, gathered while a redraw runs, so that the next
/// redraw reads only those: the live calls always (cheap), a unit's tile only when a change can alter it, and every
/// unit only when a change names none. With twenty calls live, most changes are call states: no tile is read again.
/// </summary>
public sealed class StaleParts
{
    private readonly HashSet<string> _units = [];
    private bool _any;
    private bool _allUnits;

    /// <summary>A change of a call's state (placed, ringing, answered, its recording sealed) alters no unit's tile; anything else may.</summary>
    public static bool TouchesUnits(string? kind) => kind is not ("call-placed" or "call-status" or "recording-sealed");

    /// <summary>Notes a change of <paramref name="kind"/> in <paramref name="unit"/> (null: the page itself, or the whole inspection).</summary>
    public void Mark(string? kind, string? unit)
    {
        _any = true;
        if (!TouchesUnits(kind))
            return;
        if (unit is null)
            _allUnits = true;
        else
            _units.Add(unit);
    }

    /// <summary>What to redraw now; the parts are clean again after.</summary>
    public Stale Take()
    {
        var stale = new Stale(_any, _allUnits, [.. _units]);
        _any = false;
        _allUnits = false;
        _units.Clear();
        return stale;
    }

    /// <param name="Any">Whether anything changed at all (the live calls are redrawn).</param>
    /// <param name="AllUnits">Every unit's tile to read again.</param>
    /// <param name="Units">Otherwise, the tiles of these units.</param>
    public sealed record Stale(bool Any, bool AllUnits, IReadOnlyCollection<string> Units);
}
