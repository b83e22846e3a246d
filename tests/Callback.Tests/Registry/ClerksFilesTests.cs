using System.IO.Compression;
using System.Text;
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
}
