using System.Globalization;
using ExcelDataReader;

namespace Callback.Domain.Registry.Import;

/// <summary>
/// Streams the data sheet of an Excel workbook (.xlsx, and the older .xls): the first visible sheet with a registry
/// header within its first rows. Hidden sheets (a 字典 of dropdown values), instruction sheets and title rows above
/// the header are passed over, and named when no header is found.
/// </summary>
public sealed class XlsxRowSource : IRegistryRowSource
{
    private readonly IExcelDataReader _excel;
    private readonly string?[] _cells = new string?[RegistryColumns.Count];
    private readonly int[] _sourceIndex;
    private readonly WorkbookFacts _facts;
    private int _record;

    /// <param name="format">xlsx, or xls for the older binary workbook (reported as read).</param>
    /// <param name="facts">What the workbook guard read: the date system (default: 1900).</param>
    public XlsxRowSource(Stream stream, string format = "xlsx", WorkbookFacts? facts = null)
    {
        Format = format;
        _facts = facts ?? WorkbookFacts.Default;
        try
        {
            _excel = ExcelReaderFactory.CreateReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
            Header = FindHeader();
        }
        catch (RegistryFileException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Corrupt(e);
        }

        _sourceIndex = [.. Header.SourceIndexByColumn];
    }

    /// <summary>Rows a header may sit below (titles, a date line, a blank row) at the top of a sheet.</summary>
    public const int HeaderSearchRows = 10;

    public string Format { get; }

    /// <summary>The sheet read, and the row its header is on (1-based), for the report.</summary>
    public string? SheetName { get; private set; }

    public int HeaderRow { get; private set; }

    public string? Encoding => null;

    public HeaderMap Header { get; }

    public int Row => _record;

    public IReadOnlyList<string?> Cells => _cells;

    public bool Read()
    {
        while (true)
        {
            try
            {
                if (!_excel.Read())
                    return false;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw Corrupt(e);
            }

            _record++;
            var fieldCount = _excel.FieldCount;
            var blank = true;
            for (var c = 0; c < _cells.Length; c++)
            {
                var index = _sourceIndex[c];
                var value = index >= 0 && index < fieldCount
                    ? Text(_excel.GetValue(index), c == (int)RegistryColumn.UpdatedOn)
                    : null;
                _cells[c] = value;
                if (!string.IsNullOrWhiteSpace(value))
                    blank = false;
            }

            if (!blank)
                return true;
        }
    }

    public void Dispose() => _excel.Dispose();

    private HeaderMap FindHeader()
    {
        var looked = new List<string>();
        var hidden = new List<string>();
        RegistryFileException? nearMiss = null;
        do
        {
            var name = _excel.Name ?? "";
            if (_excel.VisibleState is { } state && !state.Equals("visible", StringComparison.OrdinalIgnoreCase))
            {
                hidden.Add(name);
                continue;
            }

            looked.Add(name);
            for (var row = 1; row <= HeaderSearchRows && _excel.Read(); row++)
            {
                var cells = Enumerable.Range(0, _excel.FieldCount).Select(i => Text(_excel.GetValue(i), false)).ToList();
                if (cells.All(string.IsNullOrWhiteSpace))
                    continue;
                try
                {
                    var header = HeaderMap.Build(cells);
                    (SheetName, HeaderRow) = (name, row);
                    return header;
                }
                catch (RegistryFileException e) when (e.Code == FileProblemCodes.NoHeader)
                {
                    // A title or a note above the header: look further down.
                }
                catch (RegistryFileException e)
                {
                    // Some registry columns but not all, or one twice: the header, most likely, with a fault.
                    nearMiss ??= new RegistryFileException(e.Code, $"工作表“{name}”第 {row} 行：{e.Message}", e);
                }
            }
        }
        while (_excel.NextResult());

        if (nearMiss is not null)
            throw nearMiss;
        var skipped = hidden.Count == 0 ? "" : $"（隐藏的工作表{string.Join("、", hidden.Select(n => $"“{n}”"))}未读取）";
        throw new RegistryFileException(FileProblemCodes.NoHeader, looked.Count == 0
            ? $"工作簿没有可见的工作表{skipped}"
            : $"在工作表{string.Join("、", looked.Select(n => $"“{n}”"))}的前 {HeaderSearchRows} 行中都没有找到登记表的表头（应包含“姓名”“残疾人证号”“所属地区代码”等列）{skipped}");
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
