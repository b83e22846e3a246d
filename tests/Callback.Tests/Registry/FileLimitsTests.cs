using System.IO.Compression;
using System.Text;
using Callback.Domain.Registry.Import;
using Callback.Tests.Support;

namespace Callback.Tests.Registry;

/// <summary>Files that would expand without bound are refused part-way, with a code and a Chinese message.</summary>
public sealed class FileLimitsTests
{
    [Fact]
    public void A_workbook_whose_one_cell_inflates_to_64_MiB_is_refused_while_it_is_read()
    {
        // 64 Mi characters compress to about 64 KB: the zip bomb of the issue, scaled down to stay quick.
        using var bomb = WorkbookWithSheet(sheet =>
        {
            sheet.Write(Encoding.UTF8.GetBytes("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"));
            var chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
            for (var i = 0; i < 64; i++)
                sheet.Write(chunk);
            sheet.Write(Encoding.UTF8.GetBytes("</t></is></c></row></sheetData></worksheet>"));
        });
        Assert.True(bomb.Length < 1024 * 1024);

        var error = Assert.Throws<RegistryFileException>(() => RegistryFile.Open(bomb));

        Assert.Equal(FileProblemCodes.CellTooLong, error.Code);
        Assert.Contains("32767", error.Message, StringComparison.Ordinal);
        Assert.Contains("第 1 行", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workbook_larger_than_the_limit_when_uncompressed_is_refused()
    {
        var rows = Enumerable.Range(0, 20_000).Select(_ => (IReadOnlyList<object?>)Fixtures.ValidRow.Split(',')).Prepend(Fixtures.Header.Split(','));
        using var workbook = Workbooks.Create(rows);
        var limits = new FileLimits { MaxWorkbookBytes = 1024 * 1024 };

        var error = Assert.Throws<RegistryFileException>(() => RegistryFile.Open(workbook, limits));

        Assert.Equal(FileProblemCodes.WorkbookTooLarge, error.Code);
        Assert.Contains("1 MB", error.Message, StringComparison.Ordinal);
        // The same workbook passes under the default limits.
        workbook.Position = 0;
        using var source = RegistryFile.Open(workbook);
        Assert.Equal("xlsx", source.Format);
    }

    [Theory]
    [InlineData(300, "A")]
    [InlineData(1, "XFD")]
    public void A_row_with_too_many_columns_is_refused(int cells, string firstColumn)
    {
        using var workbook = WorkbookWithSheet(sheet =>
        {
            var xml = new StringBuilder("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"7\">");
            for (var i = 0; i < cells; i++)
                xml.Append(firstColumn == "A" ? "<c><v>1</v></c>" : $"<c r=\"{firstColumn}7\"><v>1</v></c>");
            xml.Append("</row></sheetData></worksheet>");
            sheet.Write(Encoding.UTF8.GetBytes(xml.ToString()));
        });

        var error = Assert.Throws<RegistryFileException>(() => RegistryFile.Open(workbook));

        Assert.Equal(FileProblemCodes.TooManyColumns, error.Code);
        Assert.Contains("第 7 行", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_whose_cells_together_are_too_long_is_refused()
    {
        using var workbook = WorkbookWithSheet(sheet =>
        {
            var cell = new string('x', 30_000);
            var xml = new StringBuilder("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"2\">");
            for (var i = 0; i < 10; i++)
                xml.Append("<c t=\"inlineStr\"><is><t>").Append(cell).Append("</t></is></c>");
            xml.Append("</row></sheetData></worksheet>");
            sheet.Write(Encoding.UTF8.GetBytes(xml.ToString()));
        });

        var error = Assert.Throws<RegistryFileException>(() => RegistryFile.Open(workbook, new FileLimits { MaxRowChars = 100_000 }));

        Assert.Equal(FileProblemCodes.RowTooLong, error.Code);
    }

    [Theory]
    [InlineData(true, "表头或第 2 行")]
    [InlineData(false, "第 3 行")]
    public async Task A_csv_line_longer_than_the_limit_says_so_with_its_line(bool inHeader, string line)
    {
        var text = new StringBuilder();
        var endless = new string('甲', 5 * 1024 * 1024);
        if (inHeader)
            text.Append(Fixtures.Header).Append(endless).Append('\n');
        else
            text.Append(Fixtures.Header).Append('\n').Append(Fixtures.ValidRow).Append('\n').Append(endless).Append('\n');
        await using var harness = await ImportHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<RegistryFileException>(() => harness.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()))));

        Assert.Equal(FileProblemCodes.LineTooLong, error.Code);
        Assert.Contains(line, error.Message, StringComparison.Ordinal);
        Assert.DoesNotMatch("[A-Za-z]{6,}", error.Message);
    }

    [Fact]
    public void Each_limit_has_its_floor_exactly()
    {
        Assert.Null(new FileLimits { MaxWorkbookBytes = 1024 * 1024 }.Problem());
        Assert.NotNull(new FileLimits { MaxWorkbookBytes = 1024 * 1024 - 1 }.Problem());
        Assert.Null(new FileLimits { MaxCellChars = 256, MaxRowChars = 4096 }.Problem());
        Assert.StartsWith("MaxCellChars", new FileLimits { MaxCellChars = 255 }.Problem(), StringComparison.Ordinal);
        Assert.Null(new FileLimits { MaxColumns = 16 }.Problem());
        Assert.Null(new FileLimits { MaxRowChars = 4096, MaxCellChars = 32_767 }.Problem());
        Assert.StartsWith("MaxRowChars", new FileLimits { MaxRowChars = 4095 }.Problem(), StringComparison.Ordinal);
        Assert.StartsWith("MaxRowChars", new FileLimits { MaxRowChars = 5000, MaxCellChars = 40_008 }.Problem(), StringComparison.Ordinal);
        Assert.Null(new FileLimits { MaxRowChars = 5001, MaxCellChars = 40_008 }.Problem());
    }

    [Fact]
    public void A_cell_of_exactly_the_limit_passes_one_more_character_does_not_and_shared_strings_are_checked_too()
    {
        static MemoryStream Sheet(int length) => WorkbookWithSheet(sheet => sheet.Write(Encoding.UTF8.GetBytes(
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>"
            + new string('a', length) + "</t></is></c></row></sheetData></worksheet>")));
        var limits = new FileLimits { MaxCellChars = 1000, MaxRowChars = 4096 };
        using var exact = Sheet(1000);
        using var over = Sheet(1001);
        Assert.Equal("xlsx", WorkbookGuardCheck(exact, limits));
        Assert.Equal(FileProblemCodes.CellTooLong, Assert.Throws<RegistryFileException>(() => RegistryFile.Open(over, limits)).Code);

        using var shared = WithEntry(Sheet(10), "xl/sharedStrings.xml",
            "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><r><t>" + new string('b', 600) + "</t></r><r><t>" + new string('c', 600) + "</t></r></si></sst>");
        var error = Assert.Throws<RegistryFileException>(() => RegistryFile.Open(shared, limits));
        Assert.Equal(FileProblemCodes.CellTooLong, error.Code);
        Assert.Contains("共享文本", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P", true)]
    [InlineData("Q", false)]
    [InlineData("AB", false)]
    public void The_column_a_cell_names_counts_against_the_limit(string column, bool passes)
    {
        using var workbook = WorkbookWithSheet(sheet => sheet.Write(Encoding.UTF8.GetBytes(
            $"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"{column}1\"><v>1</v></c></row></sheetData></worksheet>")));
        var limits = new FileLimits { MaxColumns = 16 };

        if (passes)
            Assert.Equal("xlsx", WorkbookGuardCheck(workbook, limits));
        else
            Assert.Equal(FileProblemCodes.TooManyColumns, Assert.Throws<RegistryFileException>(() => RegistryFile.Open(workbook, limits)).Code);
    }

    /// <summary>Opens past the guard; the sheets here have no header, so the reader's own refusal is expected after.</summary>
    private static string WorkbookGuardCheck(MemoryStream workbook, FileLimits limits)
    {
        WorkbookGuard.Check(workbook, limits);
        return "xlsx";
    }

    private static MemoryStream WithEntry(MemoryStream workbook, string name, string content)
    {
        using (var zip = new ZipArchive(workbook, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)?.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(content);
        }

        workbook.Position = 0;
        return workbook;
    }

    [Theory]
    [InlineData("<c r=\"B5\"><f>A5*2</f></c>", false)]
    [InlineData("<c r=\"B5\" t=\"str\"><f>A5&amp;\"\"</f></c>", false)]
    [InlineData("<c r=\"B5\"><f>A5*2</f><v>4</v></c>", true)]
    [InlineData("<c r=\"B5\"/>", true)]
    public void A_formula_whose_result_was_never_stored_is_noted_by_its_sheet_and_cell(string cell, bool hasValue)
    {
        using var workbook = WorkbookWithSheet(sheet => sheet.Write(Encoding.UTF8.GetBytes(
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"5\"><c r=\"A5\"><v>2</v></c>" + cell + "</row></sheetData></worksheet>")));

        var facts = WorkbookGuard.Check(workbook, FileLimits.Default);

        if (hasValue)
            Assert.Empty(facts.FormulasWithoutValue);
        else
            Assert.Equal([WorkbookFacts.CellKey(5, 2)], Assert.Single(facts.FormulasWithoutValue, s => s.Key == "登记").Value);
    }

    [Fact]
    public void Limits_too_small_to_read_a_registry_are_named()
    {
        Assert.Null(FileLimits.Default.Problem());
        Assert.StartsWith("MaxColumns", new FileLimits { MaxColumns = 3 }.Problem(), StringComparison.Ordinal);
        Assert.StartsWith("MaxWorkbookBytes", new FileLimits { MaxWorkbookBytes = 10 }.Problem(), StringComparison.Ordinal);
    }

    /// <summary>A real workbook (Open XML SDK) whose first sheet's XML is replaced by what the test writes.</summary>
    private static MemoryStream WorkbookWithSheet(Action<Stream> writeSheet)
    {
        using var template = Workbooks.Create([new object?[] { "x" }]);
        var result = new MemoryStream();
        template.CopyTo(result);
        using (var zip = new ZipArchive(result, ZipArchiveMode.Update, leaveOpen: true))
        {
            var sheet = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal));
            var name = sheet.FullName;
            sheet.Delete();
            using var content = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            writeSheet(content);
        }

        result.Position = 0;
        return result;
    }
}
