using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Callback.Domain.Registry.Import;

/// <summary>
/// What a workbook says about how to read it. In the 1904 date system (old Mac Excel, some LibreOffice files) a
/// date's serial number counts from 1904-01-01, 1,462 days later than the usual 1900 system.
/// </summary>
/// <param name="Spelling">The date1904 attribute as written ("1", "true"), or null when absent.</param>
public sealed record WorkbookFacts(bool Date1904, string? Spelling)
{
    public static readonly WorkbookFacts Default = new(false, null);

    public const int Date1904OffsetDays = 1462;

    /// <summary>
    /// By sheet name, the cells holding a formula whose result was never stored (scripts and some tools write them
    /// so): ExcelDataReader reads them as empty, and the reader refuses them cell by cell instead.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlySet<long>> FormulasWithoutValue { get; init; } = new Dictionary<string, IReadOnlySet<long>>();

    /// <summary>The key of a cell in <see cref="FormulasWithoutValue"/>: its 1-based row and column.</summary>
    public static long CellKey(int row, int column) => ((long)row << 20) | (uint)column;
}

/// <summary>
/// Reads an .xlsx once, streaming and counting, before ExcelDataReader builds anything from it: every part's
/// real uncompressed size (not the size the zip claims), and in the sheets and shared strings the length of
/// every text, the cells of every row and the columns they name. ExcelDataReader materialises whole strings
/// and rows, so a workbook that breaks a limit must never reach it.
/// </summary>
public static class WorkbookGuard
{
    /// <returns>What the guard learnt on the way that the reader needs: the workbook's date system.</returns>
    public static WorkbookFacts Check(Stream stream, FileLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        var start = stream.Position;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var budget = new Budget(limits.MaxWorkbookBytes);
            var workbook = new WorkbookPart();
            var relationships = new Dictionary<string, string>(StringComparer.Ordinal);
            var formulas = new Dictionary<string, IReadOnlySet<long>>(StringComparer.OrdinalIgnoreCase);
            var formulaCount = 0;
            foreach (var entry in zip.Entries)
            {
                using var content = new CountingStream(entry.Open(), budget);
                if (IsCellData(entry.FullName))
                {
                    var sharedStrings = entry.FullName.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase);
                    var withoutValue = CheckXml(content, limits, sharedStrings);
                    formulaCount += withoutValue.Count;
                    if (formulaCount > MaxFormulasWithoutValue)
                    {
                        throw Refused(FileProblemCodes.FormulaWithoutValue,
                            $"工作簿中有超过 {MaxFormulasWithoutValue} 个公式单元格没有保存计算结果：请在 Excel 或 WPS 中打开后保存一次（或把公式粘贴为数值）再导入");
                    }

                    if (withoutValue.Count > 0)
                        formulas[entry.FullName] = withoutValue;
                }
                else if (entry.FullName.Equals("xl/workbook.xml", StringComparison.OrdinalIgnoreCase))
                {
                    workbook = ReadWorkbook(content);
                }
                else if (entry.FullName.Equals("xl/_rels/workbook.xml.rels", StringComparison.OrdinalIgnoreCase))
                {
                    relationships = ReadRelationships(content);
                }
                else
                {
                    content.CopyTo(Stream.Null);
                }
            }

            // Cells are found by part ("xl/worksheets/sheet2.xml"); the reader knows sheets by name.
            var byName = new Dictionary<string, IReadOnlySet<long>>(StringComparer.Ordinal);
            foreach (var (name, id) in workbook.Sheets)
            {
                if (relationships.TryGetValue(id, out var part) && formulas.TryGetValue(part, out var cells))
                    byName[name] = cells;
            }

            return new WorkbookFacts(workbook.Date1904 is "1" or "true", workbook.Date1904) { FormulasWithoutValue = byName };
        }
        catch (RegistryFileException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or NotSupportedException)
        {
            throw new RegistryFileException(FileProblemCodes.CorruptWorkbook, "Excel 工作簿已损坏或不完整（可能上传中断）：请重新导出后再导入", e);
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static bool IsCellData(string name) =>
        name.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
        || name.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase);

    /// <summary>More formulas without values than this and the file is refused whole: it was not saved by a spreadsheet program.</summary>
    public const int MaxFormulasWithoutValue = 100_000;

    /// <returns>The cells (by <see cref="WorkbookFacts.CellKey"/>) holding a formula without a stored value.</returns>
    private static HashSet<long> CheckXml(Stream content, FileLimits limits, bool sharedStrings)
    {
        var withoutValue = new HashSet<long>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var xml = XmlReader.Create(content, settings);
        var buffer = new char[8192];
        var row = 0;
        var cellsInRow = 0;
        string? cellReference = null;
        var (formula, value) = (false, false);
        long charsInRow = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element)
            {
                if (!sharedStrings && xml.LocalName == "row")
                {
                    row = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : row + 1;
                    cellsInRow = 0;
                    charsInRow = 0;
                }
                else if (!sharedStrings && xml.LocalName == "c")
                {
                    cellsInRow++;
                    cellReference = xml.GetAttribute("r");
                    (formula, value) = (false, false);
                    var column = ColumnOf(cellReference);
                    if (cellsInRow > limits.MaxColumns || column > limits.MaxColumns)
                        throw Refused(FileProblemCodes.TooManyColumns, $"工作表第 {row} 行的列数超过上限 {limits.MaxColumns} 列：请只导出登记表的各列");
                }
                else if (!sharedStrings && xml.LocalName == "f")
                {
                    formula = true;
                }
                else if (!sharedStrings && xml.LocalName is "v" or "is")
                {
                    value = true;
                }
                else if (sharedStrings && xml.LocalName == "si")
                {
                    charsInRow = 0;
                }

                continue;
            }

            // A formula whose result was never stored (scripts and some tools write them so) reads as an empty
            // cell: the data would be lost without a word, so the cell is noted for the reader to refuse.
            if (xml.NodeType == XmlNodeType.EndElement && !sharedStrings && xml.LocalName == "c" && formula && !value)
            {
                var column = ColumnOf(cellReference);
                withoutValue.Add(WorkbookFacts.CellKey(row, column > 0 ? column : cellsInRow));
                if (withoutValue.Count > MaxFormulasWithoutValue)
                    return withoutValue;
            }

            if (xml.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace))
                continue;

            // Text is measured in chunks, never built whole: a 4 GiB cell costs 16 KB here.
            long length = 0;
            int read;
            while ((read = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
            {
                length += read;
                if (length > limits.MaxCellChars)
                {
                    var where = sharedStrings ? "工作簿的共享文本中" : $"工作表第 {row} 行";
                    throw Refused(FileProblemCodes.CellTooLong, $"{where}有一个单元格超过 {limits.MaxCellChars} 个字符（Excel 单元格的上限）：请检查该单元格");
                }
            }

            charsInRow += length;
            if (sharedStrings && charsInRow > limits.MaxCellChars)
                throw Refused(FileProblemCodes.CellTooLong, $"工作簿的共享文本中有一个单元格超过 {limits.MaxCellChars} 个字符（Excel 单元格的上限）：请检查该单元格");
            if (!sharedStrings && charsInRow > limits.MaxRowChars)
                throw Refused(FileProblemCodes.RowTooLong, $"工作表第 {row} 行的内容超过 {limits.MaxRowChars} 个字符：请检查该行");
        }

        return withoutValue;
    }

    /// <summary>What xl/workbook.xml says: the date1904 attribute as written (Excel "1", LibreOffice "true"), and each sheet's name and relationship.</summary>
    private sealed record WorkbookPart(string? Date1904 = null)
    {
        public List<(string Name, string RelationshipId)> Sheets { get; } = [];
    }

    private static WorkbookPart ReadWorkbook(Stream content)
    {
        const string relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        using var xml = XmlReader.Create(content, Settings);
        string? date1904 = null;
        var sheets = new List<(string, string)>();
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
                continue;
            if (xml.LocalName == "workbookPr")
                date1904 = xml.GetAttribute("date1904")?.Trim().ToLowerInvariant();
            else if (xml.LocalName == "sheet" && xml.GetAttribute("name") is { } name && xml.GetAttribute("id", relationshipsNamespace) is { } id)
                sheets.Add((name, id));
        }

        var part = new WorkbookPart(date1904);
        part.Sheets.AddRange(sheets);
        return part;
    }

    /// <summary>Relationship id → part name ("xl/worksheets/sheet1.xml"), from xl/_rels/workbook.xml.rels.</summary>
    private static Dictionary<string, string> ReadRelationships(Stream content)
    {
        using var xml = XmlReader.Create(content, Settings);
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship" && xml.GetAttribute("Id") is { } id && xml.GetAttribute("Target") is { } target)
                parts[id] = target.StartsWith('/') ? target[1..] : "xl/" + target;
        }

        return parts;
    }

    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    /// <summary>The 1-based column of a cell reference such as "XFD1048576"; 0 when there is none.</summary>
    private static int ColumnOf(string? reference)
    {
        if (reference is null)
            return 0;
        var column = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
                break;
            column = column * 26 + (c - 'A' + 1);
            if (column > 1_000_000)
                break;
        }

        return column;
    }

    private static RegistryFileException Refused(string code, string message) => new(code, message);

    private sealed class Budget(long limit)
    {
        private long _used;

        public void Spend(int bytes)
        {
            _used += bytes;
            if (_used > limit)
            {
                throw Refused(FileProblemCodes.WorkbookTooLarge,
                    $"工作簿解压后超过 {limit / (1024 * 1024)} MB，远大于任何实名制登记表：文件可能经过篡改，请从系统重新导出");
            }
        }
    }

    /// <summary>Counts what is really decompressed, whatever the zip's directory claims.</summary>
    private sealed class CountingStream(Stream inner, Budget budget) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            budget.Spend(read);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
