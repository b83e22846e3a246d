using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Callback.Domain.Registry;
using Callback.Domain.Registry.Import;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Callback.Tests.Registry;

/// <summary>Files as clerks really make them (issue 8, first part): read right, or refused in words they understand.</summary>
public sealed class ClerksFilesTests
{
    private static readonly string[] Valid = Fixtures.ValidRow.Split(',');

    private static string Row(int column, string value)
    {
        var cells = (string[])Valid.Clone();
        cells[column] = value;
        return string.Join(',', cells.Select(c => c.Contains(',', StringComparison.Ordinal) || c.Contains('\n', StringComparison.Ordinal) ? $"\"{c}\"" : c));
    }

    [Theory]
    [InlineData("1.50105E+19")]
    [InlineData("15010519740427400000")]
    public async Task A_certificate_a_spreadsheet_stored_as_a_number_is_refused_saying_so_and_how_to_fix_it(string stored)
    {
        await using var harness = await ImportHarness.CreateAsync();

        var report = await harness.ImportAsync(Fixtures.CsvRows(Row((int)RegistryColumn.Certificate, stored)));

        var rejected = Assert.Single(report.RejectedRows);
        Assert.Equal(RowProblemCodes.CertificateStoredAsNumber, rejected.Code);
        Assert.Contains("文本", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invisible_characters_in_a_cell_are_dropped_so_a_code_that_looks_right_is_right()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var report = await harness.ImportAsync(Fixtures.CsvRows(Row((int)RegistryColumn.County, "150105\u200B")));

        Assert.Empty(report.RejectedRows);
        Assert.Equal(1, report.Added);
    }

    [Fact]
    public async Task Two_numbers_on_two_lines_of_one_cell_are_both_read()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var report = await harness.ImportAsync(Fixtures.CsvRows(Row((int)RegistryColumn.Phone, "17022491594\n0471-5074712")));

        Assert.Empty(report.Warnings);
        var phones = await harness.QueryAsync((db, _) => db.PersonRevisions.Select(p => p.PhoneE164).SingleAsync());
        Assert.Equal("+8617022491594;+864715074712", phones);
    }

    [Fact]
    public async Task A_file_with_a_header_and_no_data_row_is_refused_and_makes_no_version()
    {
        await using var harness = await ImportHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<RegistryFileException>(() => harness.ImportAsync(Fixtures.Csv(Fixtures.Header + "\n")));

        Assert.Equal(FileProblemCodes.NoDataRows, error.Code);
        Assert.Equal(0, await harness.QueryAsync((db, _) => db.RegistryVersions.CountAsync()));
    }

    [Fact]
    public void An_ods_spreadsheet_is_refused_as_unsupported_with_save_as_xlsx_not_as_a_corrupt_workbook()
    {
        var ods = new MemoryStream();
        using (var zip = new ZipArchive(ods, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var mimetype = new StreamWriter(zip.CreateEntry("mimetype", CompressionLevel.NoCompression).Open(), Encoding.ASCII))
                mimetype.Write("application/vnd.oasis.opendocument.spreadsheet");
            using var content = new StreamWriter(zip.CreateEntry("content.xml").Open());
            content.Write("<office:document-content/>");
        }

        ods.Position = 0;
        var error = Assert.Throws<RegistryFileException>(() => RegistryFile.Open(ods));

        Assert.Equal(FileProblemCodes.UnsupportedFormat, error.Code);
        Assert.Contains(".xlsx", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    public async Task A_workbook_in_the_1904_date_system_keeps_its_dates_in_either_spelling_of_the_flag(string spelling)
    {
        // In the 1904 system the serial stored for 2026-05-29 is 1,462 lower than in the usual 1900 system.
        var stored = new DateTime(2026, 5, 29).AddDays(-1462);
        var dated = Valid.Select(c => (object?)c).ToArray();
        dated[(int)RegistryColumn.UpdatedOn] = stored;
        var serial = Valid.Select(c => (object?)c).ToArray();
        serial[(int)RegistryColumn.UpdatedOn] = stored.ToOADate();
        using var plain = Workbooks.Create([Fixtures.Header.Split(','), dated]);
        using var plainSerial = Workbooks.Create([Fixtures.Header.Split(','), serial]);
        await using var harness = await ImportHarness.CreateAsync();

        await harness.ImportAsync(With1904(plain, spelling), "dated.xlsx");
        var first = await harness.QueryAsync((db, _) => db.PersonRevisions.Select(p => p.UpdatedOn).SingleAsync());
        await using var other = await ImportHarness.CreateAsync();
        await other.ImportAsync(With1904(plainSerial, spelling), "serial.xlsx");
        var second = await other.QueryAsync((db, _) => db.PersonRevisions.Select(p => p.UpdatedOn).SingleAsync());

        Assert.Equal(new DateOnly(2026, 5, 29), first);
        Assert.Equal(new DateOnly(2026, 5, 29), second);
    }

    /// <summary>The same workbook with workbookPr date1904 spelled as Excel ("1") or LibreOffice ("true") writes it.</summary>
    private static MemoryStream With1904(MemoryStream workbook, string spelling)
    {
        var result = new MemoryStream();
        workbook.Position = 0;
        workbook.CopyTo(result);
        using (var zip = new ZipArchive(result, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/workbook.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
                xml = reader.ReadToEnd();
            entry.Delete();
            xml = Regex.Replace(xml, @"(<(\w+:)?workbook\b[^>]*>)", m => $"{m.Groups[1].Value}<{m.Groups[2].Value}workbookPr date1904=\"{spelling}\"/>");
            using var writer = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open());
            writer.Write(xml);
        }

        result.Position = 0;
        return result;
    }
}
