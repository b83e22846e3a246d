using System.Text;
using Callback.Domain.Registry.Import;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Callback.Tests.Registry;

/// <summary>The files leagues send: encodings, header variants, column order, workbooks, and files that are none of these.</summary>
public sealed class RegistryFileFormatTests
{
    static RegistryFileFormatTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public async Task A_GB18030_export_is_read_without_mojibake()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var text = Fixtures.Header + "\r\n" + Fixtures.ValidRow + "\r\n";
        var report = await harness.ImportAsync(Fixtures.Csv(text, Encoding.GetEncoding("GB18030")));

        Assert.Equal("gb18030", report.Encoding);
        Assert.Equal(1, report.Added);
        var person = await harness.QueryAsync((_, q) => q.PersonAtVersionAsync("15010519740427431862", 1));
        Assert.Equal("万建", person!.Name);
        Assert.Equal("盲人按摩", person.TrainingProgramme);
    }

    [Fact]
    public async Task Utf8_with_and_without_bom_and_crlf_line_ends_read_alike()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var text = Fixtures.Header + "\r\n" + Fixtures.ValidRow + "\r\n";
        var withBom = await harness.ImportAsync(Fixtures.Csv(text, new UTF8Encoding(true)));
        var withoutBom = await harness.ImportAsync(Fixtures.Csv(text, new UTF8Encoding(false)));

        Assert.Equal(1, withBom.Added);
        Assert.Equal(1, withoutBom.Unchanged);
    }

    [Fact]
    public async Task Columns_may_come_in_any_order_under_the_usual_header_variants()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var headers = Fixtures.Header.Split(',');
        var cells = Fixtures.ValidRow.Split(',');
        var order = Enumerable.Range(0, headers.Length).Reverse().ToArray();
        var variant = headers.Select(h => h switch
        {
            "联系电话" => "联系方式",
            "残疾人证号" => " 证号 ",
            "所属地区代码" => "行政区划代码",
            _ => h,
        }).ToArray();
        var text = string.Join(',', order.Select(i => variant[i]).Append("备注")) + "\n"
            + string.Join(',', order.Select(i => cells[i]).Append("已核实")) + "\n";

        var report = await harness.ImportAsync(Fixtures.Csv(text));

        Assert.Equal(1, report.Added);
        Assert.Equal(["备注"], report.UnknownColumns);
        var person = await harness.QueryAsync((_, q) => q.PersonAtVersionAsync("15010519740427431862", 1));
        Assert.Equal("+8617022491594;+864715074712", person!.PhoneE164);
        Assert.Equal("150105", person.CountyCode);
    }

    [Fact]
    public async Task An_xlsx_workbook_imports_with_excel_dates_and_numeric_phone_cells()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var header = Fixtures.Header.Split(',');
        var row = Fixtures.ValidRow.Split(',').Select(c => (object?)c).ToArray();
        row[6] = 17022491594d;                 // a phone number typed as a number
        row[16] = new DateTime(2026, 10, 26);  // an Excel date cell
        using var workbook = Workbooks.Create([header, row]);

        var report = await harness.ImportAsync(workbook, "registry.xlsx");

        Assert.Equal("xlsx", report.Format);
        Assert.Equal(1, report.Added);
        var person = await harness.QueryAsync((_, q) => q.PersonAtVersionAsync("15010519740427431862", 1));
        Assert.Equal(new DateOnly(2026, 10, 26), person!.UpdatedOn);
        Assert.Equal("+8617022491594", person.PhoneE164);
    }

    public static TheoryData<string, byte[]> UnreadableFiles() => new()
    {
        { FileProblemCodes.EmptyFile, [] },
        { FileProblemCodes.EmptyFile, "\r\n\r\n"u8.ToArray() },
        { FileProblemCodes.NotASpreadsheet, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'] },
        { FileProblemCodes.NoHeader, "a,b,c\n1,2,3\n"u8.ToArray() },
        { FileProblemCodes.MissingColumns, Encoding.UTF8.GetBytes("姓名,性别\n张三,男\n") },
        { FileProblemCodes.DuplicateColumn, Encoding.UTF8.GetBytes(Fixtures.Header + ",证号\n") },
        { FileProblemCodes.CorruptWorkbook, "PK\u0003\u0004 this is no zip archive"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(UnreadableFiles))]
    public async Task A_file_that_cannot_be_read_is_refused_with_its_reason_and_changes_nothing(string code, byte[] content)
    {
        await using var harness = await ImportHarness.CreateAsync();
        var error = await Assert.ThrowsAsync<RegistryFileException>(() => harness.ImportAsync(new MemoryStream(content)));

        Assert.Equal(code, error.Code);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", error.Message);
        Assert.Equal(0, await harness.QueryAsync((db, _) => db.RegistryVersions.CountAsync()));
    }

    [Fact]
    public async Task A_truncated_workbook_is_refused_and_changes_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var header = Fixtures.Header.Split(',');
        var rows = Enumerable.Range(0, 200).Select(_ => (IReadOnlyList<object?>)Fixtures.ValidRow.Split(',')).Prepend(header);
        using var whole = Workbooks.Create(rows);
        var truncated = new MemoryStream(whole.ToArray()[..(int)(whole.Length * 2 / 3)]);

        var error = await Assert.ThrowsAsync<RegistryFileException>(() => harness.ImportAsync(truncated, "registry.xlsx"));

        Assert.Equal(FileProblemCodes.CorruptWorkbook, error.Code);
        Assert.Equal(0, await harness.QueryAsync((db, _) => db.RegistryVersions.CountAsync()));
    }

    [Fact]
    public async Task A_file_that_breaks_part_way_leaves_the_database_as_it_was()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportFixtureAsync("registry-sample.csv");
        var indexesSql = TestDatabase.IsPostgres
            ? "SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = 'PersonRevisions' ORDER BY indexname"
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'PersonRevisions' ORDER BY name";
        var indexesBefore = await harness.QueryAsync((db, _) => db.Database.SqlQueryRaw<string>(indexesSql).ToListAsync());
        Assert.NotEmpty(indexesBefore);

        // Valid UTF-8 well past the sample the encoding is detected from, then bytes that are not UTF-8.
        var lines = File.ReadAllLines(Fixtures.PathOf("registry-sample.csv"), Encoding.UTF8);
        var changed = lines.Select((l, i) => i == 0 ? l : l.Replace("已就业,", "未就业,", StringComparison.Ordinal).Replace("未就业,农村种养加", "未就业,", StringComparison.Ordinal));
        var good = Encoding.UTF8.GetBytes(string.Join("\n", changed) + "\n");
        var broken = good.Concat(Encoding.GetEncoding("GB18030").GetBytes("张三,男,15010519740427431862\n")).ToArray();
        Assert.True(good.Length > TextEncodingDetector.SampleSize);

        var error = await Assert.ThrowsAsync<RegistryFileException>(() => harness.ImportAsync(new MemoryStream(broken)));

        Assert.Equal(FileProblemCodes.InvalidEncoding, error.Code);
        Assert.Equal(1, await harness.QueryAsync((db, _) => db.RegistryVersions.CountAsync()));
        Assert.Equal(3000, await harness.QueryAsync((db, _) => db.PersonRevisions.CountAsync()));
        Assert.Equal(0, await harness.QueryAsync((db, _) => db.PersonRevisions.CountAsync(p => p.ValidToVersion != null)));
        // The indexes dropped for the bulk write are back.
        Assert.Equal(indexesBefore, await harness.QueryAsync((db, _) => db.Database.SqlQueryRaw<string>(indexesSql).ToListAsync()));
    }
}
