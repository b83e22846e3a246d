using System.Globalization;
using ExcelDataReader;

namespace Callback.Domain.Registry.Import;

/// <summary>Streams the first worksheet of an Excel workbook (.xlsx, and the older .xls).</summary>
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
            if (!_excel.Read())
                throw new RegistryFileException(FileProblemCodes.NoHeader, "工作簿的第一个工作表是空的，没有表头");
            var headers = Enumerable.Range(0, _excel.FieldCount).Select(i => Text(_excel.GetValue(i), false)).ToList();
            Header = HeaderMap.Build(headers);
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

    public string Format { get; }

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
