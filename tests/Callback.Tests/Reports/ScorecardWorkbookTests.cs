using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Reports;
using Callback.Tests.Calls;
using Callback.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace Callback.Tests.Reports;

/// <summary>The scorecard workbook read back with the same library: the cells, the 4.4 deductions, the chart's series, and no validation error.</summary>
public sealed class ScorecardWorkbookTests
{
    [Fact]
    public async Task The_workbook_has_the_summary_with_its_chart_and_a_sheet_per_unit_in_the_form_s_layout_and_validates()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var unit = sample[..sample.LastIndexOf('/')];
            var inspection = unit.Split('/')[3];
            await SimulatedCallTests.CallAsync(server, admin, sample, 1, null);
            var untruthful = await SimulatedCallTests.JudgeCooperativeAsync(admin, sample, 1);
            await admin.PutJsonAsync($"{unit}/items/1.1", new { score = 3, note = "制度齐全", evidence = "内残联〔2026〕1号" }, 200);
            var card = await admin.GetFromJsonAsync<JsonElement>($"{unit}/scorecard");

            var bytes = await admin.GetByteArrayAsync(new Uri($"/api/inspections/{inspection}/scorecard.xlsx", UriKind.Relative));
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);

            Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
            var book = document.WorkbookPart!;
            var sheets = book.Workbook.Sheets!.Elements<Sheet>().ToList();
            Assert.Equal(["汇总", "呼和浩特市150100"], sheets.Select(s => s.Name!.Value));

            string? CellText(Sheet sheet, string reference)
            {
                var part = (WorksheetPart)book.GetPartById(sheet.Id!);
                var cell = part.Worksheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference == reference);
                return cell?.InlineString?.Text?.Text ?? cell?.CellValue?.Text;
            }

            // The summary: the unit, its items, its total; the chart plots the totals column.
            Assert.Equal("呼和浩特市", CellText(sheets[0], "A2"));
            decimal Number(Sheet sheet, string reference) => decimal.Parse(CellText(sheet, reference)!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(3m, Number(sheets[0], "C2"));
            Assert.Equal(card.GetProperty("total").GetDecimal(), Number(sheets[0], "Y2"));
            var chart = ((WorksheetPart)book.GetPartById(sheets[0].Id!)).DrawingsPart!.ChartParts.Single().ChartSpace;
            var series = chart.Descendants<C.BarChartSeries>().Single();
            Assert.Equal("'汇总'!$Y$2:$Y$2", series.Descendants<C.Values>().Single().Descendants<C.Formula>().Single().Text);
            Assert.Equal("'汇总'!$A$2:$A$2", series.Descendants<C.CategoryAxisData>().Single().Descendants<C.Formula>().Single().Text);

            // The unit's sheet: the form's columns, item 1.1 with its evidence and who scored it, 4.4's deductions.
            Assert.Equal(["项目", "内容", "分值", "评分标准和要点", "得分", "证据与说明", "评分人"], new[] { "A2", "B2", "C2", "D2", "E2", "F2", "G2" }.Select(c => CellText(sheets[1], c)));
            Assert.Equal(3m, Number(sheets[1], "E3"));
            Assert.Contains("内残联〔2026〕1号", CellText(sheets[1], "F3"), StringComparison.Ordinal);
            Assert.Equal("admin", CellText(sheets[1], "G3"));
            var unitSheet = (WorksheetPart)book.GetPartById(sheets[1].Id!);
            var texts = unitSheet.Worksheet.Descendants<Text>().Select(t => t.Text).ToList();
            Assert.Contains("4.4 扣分明细", texts);
            Assert.Equal(untruthful, texts.Any(t => t.StartsWith("1501", StringComparison.Ordinal) && t.Contains('*', StringComparison.Ordinal)));
            Assert.DoesNotContain(texts, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^1501\d{14}$"));
        }
    }

    [Theory]
    [InlineData(1, "A")]
    [InlineData(26, "Z")]
    [InlineData(27, "AA")]
    [InlineData(25, "Y")]
    [InlineData(52, "AZ")]
    [InlineData(703, "AAA")]
    public void Columns_are_named_as_spreadsheets_name_them(int number, string name) => Assert.Equal(name, ScorecardWorkbook.Column(number));
}
