using System.Text;
using Callback.Domain.Registry;
using Callback.Domain.Registry.Import;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Callback.Tests.Registry;

/// <summary>The data sheet is found where clerks put it: behind a hidden 字典 sheet and an instructions sheet, below title rows.</summary>
public sealed class WorkbookSheetsTests
{
    [Fact]
    public async Task The_header_is_found_on_the_first_visible_sheet_that_has_one_below_its_title_rows()
    {
        using var workbook = Sheets(
            ("字典", SheetStateValues.Hidden, [["就业形式"], ["按比例就业"], ["集中就业"]]),
            ("填表说明", null, [["填表说明：每人一行，残疾人证号为 20 位"], ["更新日期写作 2026-10-26"]]),
            ("登记表", null, [["内蒙古残疾人就业和培训实名制登记表"], [], [.. Fixtures.Header.Split(',')], [.. Fixtures.ValidRow.Split(',')]]));
        await using var harness = await ImportHarness.CreateAsync();

        var report = await harness.ImportAsync(workbook, "clerk.xlsx");

        Assert.Equal(1, report.RowsRead);
        Assert.Equal(1, report.Added);
        Assert.Empty(report.RejectedRows);
    }

    [Fact]
    public void A_workbook_without_a_registry_header_names_the_sheets_it_looked_at_and_the_hidden_ones_it_did_not()
    {
        using var workbook = Sheets(
            ("字典", SheetStateValues.Hidden, [[.. Fixtures.Header.Split(',')]]),
            ("填表说明", null, [["请在“登记表”中填写"]]),
            ("统计", null, [["盟市", "人数"], ["呼和浩特市", "274"]]));

        var error = Assert.Throws<RegistryFileException>(() => RegistryFile.Open(workbook));

        Assert.Equal(FileProblemCodes.NoHeader, error.Code);
        Assert.Contains("“填表说明”、“统计”", error.Message, StringComparison.Ordinal);
        Assert.Contains("隐藏的工作表“字典”未读取", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_missing_a_column_is_reported_with_its_sheet_and_row()
    {
        var header = Fixtures.Header.Split(',').Where(h => h != "所属地区代码").ToArray();
        using var workbook = Sheets(("登记表", null, [["2026 年登记"], [.. header]]));

        var error = Assert.Throws<RegistryFileException>(() => RegistryFile.Open(workbook));

        Assert.Equal(FileProblemCodes.MissingColumns, error.Code);
        Assert.StartsWith("工作表“登记表”第 2 行：", error.Message, StringComparison.Ordinal);
    }

    private static readonly string[][] Sample = [.. File.ReadAllLines(Fixtures.PathOf("registry-sample.csv"), Encoding.UTF8)[1..].Select(r => r.Split(','))];

    private static readonly object?[] HeaderCells = Fixtures.Header.Split(',');

    private static IReadOnlyList<object?> Cells(string[] row) => row;

    [Fact]
    public async Task Every_visible_sheet_with_a_header_is_read_and_the_report_names_each_with_its_rows_and_those_skipped()
    {
        using var workbook = Workbooks.Create(
            new SheetSpec("呼和浩特市", [HeaderCells, .. Sample[..10].Select(Cells)]),
            new SheetSpec("填表说明", [["每个盟市一张工作表"]]),
            new SheetSpec("字典", [["就业形式"], ["按比例就业"]], Hidden: true),
            new SheetSpec("下拉选项", [["就业形式", "残疾类别"], ["按比例就业", "视力"]]),
            new SheetSpec("包头市", [["2026 年第四季度"], HeaderCells, .. Sample[10..25].Select(Cells)]));
        await using var harness = await ImportHarness.CreateAsync();

        var report = await harness.ImportAsync(workbook, "leagues.xlsx");

        Assert.Equal((25, 25), (report.RowsRead, report.Added));
        Assert.Equal([("呼和浩特市", 1, 10), ("包头市", 2, 15)], report.Sheets.Select(x => (x.Name, x.HeaderRow, x.Rows)));
        Assert.Equal([new SkippedSheet("填表说明", "no-header"), new SkippedSheet("字典", "hidden"), new SkippedSheet("下拉选项", "no-header")],
            report.SkippedSheets);
    }

    [Fact]
    public async Task A_rejected_row_and_a_duplicate_across_sheets_name_their_sheet()
    {
        var refused = (string[])Sample[12].Clone();
        refused[1] = "未知";
        using var workbook = Workbooks.Create(
            new SheetSpec("呼和浩特市", [HeaderCells, .. Sample[..10].Select(Cells)]),
            new SheetSpec("包头市", [HeaderCells, Sample[10], Sample[11], refused, Sample[3]]));
        await using var harness = await ImportHarness.CreateAsync();

        var report = await harness.ImportAsync(workbook, "leagues.xlsx");

        Assert.Equal(2, report.Rejected);
        var sex = Assert.Single(report.RejectedRows, r => r.Code == RowProblemCodes.UnknownSex);
        Assert.Equal(("包头市", 3), (sex.Sheet, sex.Row));
        var duplicate = Assert.Single(report.RejectedRows, r => r.Code == RowProblemCodes.DuplicateCertificate);
        Assert.Equal(("包头市", 4), (duplicate.Sheet, duplicate.Row));
        Assert.Contains("工作表“呼和浩特市”第 4 行", duplicate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_sheet_whose_registry_header_is_faulty_refuses_the_file_naming_it()
    {
        var header = HeaderCells.Where(h => (string)h! != "所属地区代码").ToArray();
        using var workbook = Workbooks.Create(
            new SheetSpec("呼和浩特市", [HeaderCells, .. Sample[..3].Select(Cells)]),
            new SheetSpec("包头市", [header, .. Sample[3..6].Select(r => Cells([.. r.Where((_, i) => i != 5)]))]));
        await using var harness = await ImportHarness.CreateAsync();

        var error = await Assert.ThrowsAsync<RegistryFileException>(() => harness.ImportAsync(workbook, "leagues.xlsx"));

        Assert.Equal(FileProblemCodes.MissingColumns, error.Code);
        Assert.StartsWith("工作表“包头市”第 1 行：", error.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.QueryAsync((_, q) => q.VersionsAsync()));
    }

    [Fact]
    public async Task Merged_cells_give_their_value_to_every_row_they_cover()
    {
        // Three employed persons of one county: the employer merged over their rows (K2:K4), the county code too (F2:F4).
        var rows = Sample.Where(r => r[8] == "已就业").Take(3).Select(r => (string[])r.Clone()).ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i][10] = i == 0 ? "包钢集团" : "";
            rows[i][5] = i == 0 ? "150105" : "";
        }

        using var workbook = Workbooks.Create(new SheetSpec("登记", [HeaderCells, .. rows.Select(Cells)], Merged: ["K2:K4", "F2:F4"]));
        await using var harness = await ImportHarness.CreateAsync();

        var report = await harness.ImportAsync(workbook, "merged.xlsx");

        Assert.Empty(report.RejectedRows);
        var persons = await harness.QueryAsync((db, _) => db.PersonRevisions.Select(p => new { p.Employer, p.CountyCode }).ToListAsync());
        Assert.Equal(3, persons.Count);
        Assert.All(persons, p => Assert.Equal(("包钢集团", "150105"), (p.Employer, p.CountyCode)));
    }

    [Fact]
    public async Task A_formula_without_a_stored_value_refuses_its_row_naming_the_cell_and_the_other_rows_are_read()
    {
        var formula = Sample[1].Select(c => (object?)c).ToArray();
        formula[0] = new FormulaWithoutValue("CONCATENATE(\"于\",\"强\")");
        using var workbook = Workbooks.Create(new SheetSpec("登记", [HeaderCells, Sample[0], formula, Sample[2]]));
        await using var harness = await ImportHarness.CreateAsync();

        var report = await harness.ImportAsync(workbook, "formulas.xlsx");

        Assert.Equal(2, report.Added);
        var rejected = Assert.Single(report.RejectedRows);
        Assert.Equal((2, "姓名", FileProblemCodes.FormulaWithoutValue), (rejected.Row, rejected.Column, rejected.Code));
        Assert.Contains("单元格 A3 是公式", rejected.Message, StringComparison.Ordinal);
        // Its own problem only: not also "姓名不能为空".
        Assert.Single(rejected.Problems);
    }

    /// <summary>A workbook of several sheets, each with its state (null: visible) and rows of text cells.</summary>
    private static MemoryStream Sheets(params (string Name, SheetStateValues? State, string[][] Rows)[] sheets)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var list = workbook.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets());
            uint id = 1;
            foreach (var (name, state, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                foreach (var row in rows)
                    data.Append(new Row(row.Select(text => new Cell { CellValue = new CellValue(text), DataType = CellValues.String })));
                part.Worksheet = new Worksheet(data);
                var sheet = new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name };
                if (state is { } s)
                    sheet.State = s;
                list.Append(sheet);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
