using Callback.Domain.Registry.Import;
using Callback.Tests.Support;
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
