using System.Globalization;
using ExcelDataReader;

namespace Callback.Domain.Registry.Import;

/// <summary>
/// Streams the registry rows of an Excel workbook (.xlsx, and the older .xls): every visible sheet with a registry
/// header within its first rows, one after another (a workbook with a sheet per league is read whole). Hidden sheets
/// (a 字典 of dropdown values), instruction sheets and title rows above a header are passed over and named. Merged
/// cells give their value to every row they cover, as the clerk sees it; a formula without a stored value is refused
/// for its cell.
/// </summary>
public sealed class XlsxRowSource : IRegistryRowSource
{
    private readonly IExcelDataReader _excel;
    private readonly string?[] _cells = new string?[RegistryColumns.Count];
    private readonly WorkbookFacts _facts;
    private readonly List<SheetRead> _sheets = [];
    private readonly List<SkippedSheet> _skipped = [];
    private readonly List<string> _unknownColumns = [];
    private readonly List<RowProblem> _cellProblems = [];
    private int[] _sourceIndex = [];
    private MergedCells _merged = MergedCells.None;
    private IReadOnlySet<long> _formulas = new HashSet<long>();
    private RegistryFileException? _nearMiss;
    private bool _started;

    // The current row as Excel numbers it (1-based), and as the report does (1 = first row after the header).
    private int _sheetRow;
    private int _record;

    /// <param name="format">xlsx, or xls for the older binary workbook (reported as read).</param>
    /// <param name="facts">What the workbook guard read: the date system and formulas without values (default: none).</param>
    public XlsxRowSource(Stream stream, string format = "xlsx", WorkbookFacts? facts = null)
    {
        Format = format;
        _facts = facts ?? WorkbookFacts.Default;
        try
        {
            _excel = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
            if (!NextDataSheet())
                throw NoDataSheet();
        }
        catch (RegistryFileException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Corrupt(e);
        }
    }

    /// <summary>Rows a header may sit below (titles, a date line, a blank row) at the top of a sheet.</summary>
    public const int HeaderSearchRows = 10;

    public string Format { get; }

    /// <summary>The sheet being read, and the row its header is on (1-based).</summary>
    public string? SheetName => _sheets.Count == 0 ? null : _sheets[^1].Name;

    public int HeaderRow => _sheets.Count == 0 ? 0 : _sheets[^1].HeaderRow;

    public string? Encoding => null;

    /// <summary>The header of the sheet being read.</summary>
    public HeaderMap Header { get; private set; } = null!;

    public int Row => _record;

    public string? Sheet => SheetName;

    public IReadOnlyList<string?> Cells => _cells;

    public IReadOnlyList<RowProblem> CellProblems => _cellProblems;

    public IReadOnlyList<SheetRead> SheetsRead => _sheets;

    public IReadOnlyList<SkippedSheet> SheetsSkipped => _skipped;

    public IReadOnlyList<string> UnknownColumns => _unknownColumns;

    public bool Read()
    {
        while (true)
        {
            try
            {
                if (!_excel.Read())
                {
                    if (!NextDataSheet())
                        return false;
                    continue;
                }
            }
            catch (RegistryFileException)
            {
                throw;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw Corrupt(e);
            }

            _record++;
            _sheetRow++;
            _cellProblems.Clear();
            _merged.EnterRow(_sheetRow, _excel);
            var fieldCount = _excel.FieldCount;
            var blank = true;
            for (var c = 0; c < _cells.Length; c++)
            {
                var index = _sourceIndex[c];
                if (index < 0)
                {
                    _cells[c] = null;
                    continue;
                }

                var raw = _merged.Value(index, out var merged) ? merged
                    : index < fieldCount ? _excel.GetValue(index)
                    : null;
                var value = Text(raw, c == (int)RegistryColumn.UpdatedOn);
                _cells[c] = value;
                if (!string.IsNullOrWhiteSpace(value))
                    blank = false;
                if (raw is null && _formulas.Contains(WorkbookFacts.CellKey(_sheetRow, index + 1)))
                {
                    var column = (RegistryColumn)c;
                    _cellProblems.Add(new RowProblem(column, FileProblemCodes.FormulaWithoutValue,
                        $"单元格 {CellName(index, _sheetRow)} 是公式，但文件中没有保存它的计算结果（{RegistryColumns.Header(column)}读不出值）：" +
                        "请在 Excel 或 WPS 中打开后保存一次（或把公式粘贴为数值）再导入"));
                }
            }

            if (!blank || _cellProblems.Count > 0)
            {
                _sheets[^1].Rows++;
                return true;
            }
        }
    }

    public void Dispose() => _excel.Dispose();

    /// <summary>
    /// Moves to the next visible sheet with a registry header within its first rows, past the header. The sheets passed
    /// over are noted with why; a sheet whose header names the registry's key columns but is faulty refuses the file.
    /// </summary>
    private bool NextDataSheet()
    {
        while (_started ? _excel.NextResult() : _started = true)
        {
            var name = _excel.Name ?? "";
            if (_excel.VisibleState is { } state && !state.Equals("visible", StringComparison.OrdinalIgnoreCase))
            {
                _skipped.Add(new SkippedSheet(name, "hidden"));
                continue;
            }

            for (var row = 1; row <= HeaderSearchRows && _excel.Read(); row++)
            {
                var cells = Enumerable.Range(0, _excel.FieldCount).Select(i => Text(_excel.GetValue(i), false)).ToList();
                if (cells.All(string.IsNullOrWhiteSpace))
                    continue;
                if (TryHeader(name, row, cells) is not { } header)
                    continue;
                Header = header;
                _sourceIndex = [.. header.SourceIndexByColumn];
                _unknownColumns.AddRange(header.UnknownColumns.Except(_unknownColumns));
                _sheets.Add(new SheetRead { Name = name, HeaderRow = row });
                (_sheetRow, _record) = (row, 0);
                _merged = MergedCells.Of(_excel.MergeCells, row);
                _formulas = _facts.FormulasWithoutValue.GetValueOrDefault(name) ?? new HashSet<long>();
                return true;
            }

            _skipped.Add(new SkippedSheet(name, "no-header"));
        }

        return false;
    }

    /// <summary>The row's header map, or null when the row is a title or note. A faulty header of the registry refuses the file.</summary>
    private HeaderMap? TryHeader(string sheet, int row, List<string?> cells)
    {
        try
        {
            return HeaderMap.Build(cells);
        }
        catch (RegistryFileException e) when (e.Code == FileProblemCodes.NoHeader)
        {
            return null;
        }
        catch (RegistryFileException e)
        {
            var refused = new RegistryFileException(e.Code, $"工作表“{sheet}”第 {row} 行：{e.Message}", e);
            // Name and certificate side by side: this was meant as the registry's header, and its sheet must not be left out.
            if (cells.Any(c => RegistryColumns.Match(c) == RegistryColumn.Name) && cells.Any(c => RegistryColumns.Match(c) == RegistryColumn.Certificate))
                throw refused;
            // A few registry words (a list of dropdown values headed 就业形式): not a data sheet, unless no sheet is.
            _nearMiss ??= refused;
            return null;
        }
    }

    private RegistryFileException NoDataSheet()
    {
        if (_nearMiss is not null)
            return _nearMiss;
        var hidden = _skipped.Where(s => s.Reason == "hidden").Select(s => $"“{s.Name}”").ToList();
        var looked = _skipped.Where(s => s.Reason != "hidden").Select(s => $"“{s.Name}”").ToList();
        var skipped = hidden.Count == 0 ? "" : $"（隐藏的工作表{string.Join("、", hidden)}未读取）";
        return new RegistryFileException(FileProblemCodes.NoHeader, looked.Count == 0
            ? $"工作簿没有可见的工作表{skipped}"
            : $"在工作表{string.Join("、", looked)}的前 {HeaderSearchRows} 行中都没有找到登记表的表头（应包含“姓名”“残疾人证号”“所属地区代码”等列）{skipped}");
    }

    /// <summary>"B7" for the 0-based column 1 of row 7.</summary>
    private static string CellName(int column, int row)
    {
        var letters = "";
        for (var c = column + 1; c > 0; c = (c - 1) / 26)
            letters = (char)('A' + ((c - 1) % 26)) + letters;
        return letters + row.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Cells as the text a clerk sees; dates as yyyy-MM-dd, whole numbers without a decimal point. In the 1904 date
    /// system serial numbers count 1,462 days later; ExcelDataReader honours the flag when Excel spells it "1" but
    /// not LibreOffice's "true", and never for a serial shown as a plain number.
    /// </summary>
    private string? Text(object? value, bool isDateColumn) => value switch
    {
        null => null,
        string s => s,
        DateTime d when _facts.Date1904 && _facts.Spelling != "1" => d.AddDays(WorkbookFacts.Date1904OffsetDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n when isDateColumn && n is > 1 and < 2958466 =>
            DateTime.FromOADate(n + (_facts.Date1904 ? WorkbookFacts.Date1904OffsetDays : 0)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n when n == Math.Floor(n) && Math.Abs(n) < 1e15 => n.ToString("F0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static RegistryFileException Corrupt(Exception e) => new(FileProblemCodes.CorruptWorkbook,
        "Excel 工作簿已损坏或不完整（可能上传中断）：请重新导出后再导入", e);
}
