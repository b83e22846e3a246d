using System.Data;
using ExcelDataReader;

namespace Callback.Domain.Registry.Import;

/// <summary>
/// A sheet's merged ranges below its header, applied as its rows stream past. Excel keeps a merged range's value in
/// its top-left cell only, but the clerk sees it in every cell: an employer merged over three persons belongs to all
/// three, a county code merged down a block to the whole block.
/// </summary>
internal sealed class MergedCells
{
    public static readonly MergedCells None = new([]);

    private readonly Dictionary<int, List<CellRange>> _startingAt;

    // By 0-based column: the value filling it, and the last row (1-based) it fills.
    private readonly Dictionary<int, (object? Value, int LastRow)> _fill = [];

    private MergedCells(IEnumerable<CellRange> ranges) =>
        _startingAt = ranges.GroupBy(r => r.FromRow + 1).ToDictionary(g => g.Key, g => g.ToList());

    /// <summary>The ranges of <paramref name="ranges"/> (0-based, as ExcelDataReader gives them) that start below the header row.</summary>
    public static MergedCells Of(CellRange[]? ranges, int headerRow) =>
        ranges is null or { Length: 0 } ? None : new(ranges.Where(r => r.FromRow + 1 > headerRow));

    /// <summary>Moves to <paramref name="row"/> (1-based): ranges that ended stop filling, ranges that start take their top-left value.</summary>
    public void EnterRow(int row, IDataRecord cells)
    {
        if (_fill.Count > 0)
        {
            foreach (var column in _fill.Where(f => f.Value.LastRow < row).Select(f => f.Key).ToList())
                _fill.Remove(column);
        }

        if (!_startingAt.TryGetValue(row, out var starting))
            return;
        foreach (var range in starting)
        {
            var value = range.FromColumn < cells.FieldCount ? cells.GetValue(range.FromColumn) : null;
            for (var column = range.FromColumn; column <= range.ToColumn; column++)
                _fill[column] = (value, range.ToRow + 1);
        }
    }

    /// <summary>The merged value covering <paramref name="column"/> (0-based) in the current row, if a range covers it.</summary>
    public bool Value(int column, out object? value)
    {
        if (_fill.TryGetValue(column, out var fill))
        {
            value = fill.Value;
            return true;
        }

        value = null;
        return false;
    }
}
