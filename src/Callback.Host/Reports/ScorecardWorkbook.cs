using System.Globalization;
using Callback.Domain.Inspections;
using Callback.Domain.Regions;
using Callback.Domain.Scoring;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace Callback.Host.Reports;

/// <summary>One unit's scorecard with who scored each item, as the workbook prints it.</summary>
public sealed record UnitScorecard(InspectionUnit Unit, Scorecard Card, IReadOnlyDictionary<string, string> ScoredBy);

/// <summary>
/// The inspection's scorecards as an Excel workbook (Open XML SDK, opens in Excel, WPS and LibreOffice without repair):
/// a summary sheet with every unit's items and totals and a native column chart of the totals, then a sheet per unit in
/// the evaluation form's layout (项目, 内容, 分值, 评分标准和要点, 得分, the evidence and who scored it) with item 4.4's
/// deductions listed by person (masked), field and finding.
/// </summary>
public static class ScorecardWorkbook
{
    private const uint Bold = 1;
    private const uint Wrap = 2;

    public static byte[] Build(Inspection inspection, IReadOnlyList<UnitScorecard> units, bool scaleTo100)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(units);
        var form = EvaluationForm.Notice2015;
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            AddStyles(workbook);
            var sheets = workbook.Workbook.AppendChild(new Sheets());

            // The summary: a row per unit, a column per item, the totals, and the chart of the totals.
            var header = new List<string> { "单位", "代码" };
            header.AddRange(form.Items.Select(i => i.Code));
            header.Add($"合计（满分 {form.PrintedTotal}）");
            if (scaleTo100)
                header.Add("折合百分制");
            header.Add("状态");
            var rows = new List<Row> { TextRow(1, header, Bold) };
            var r = 2u;
            foreach (var unit in units)
            {
                var row = new Row { RowIndex = r };
                row.Append(Text(1, r, unit.Unit.Name), Text(2, r, unit.Unit.Code));
                var c = 3;
                foreach (var item in form.Items)
                    row.Append(Number(c++, r, unit.Card.Items.FirstOrDefault(i => i.Code == item.Code)?.Score));
                row.Append(Number(c++, r, unit.Card.Total));
                if (scaleTo100)
                    row.Append(Number(c++, r, unit.Card.TotalOutOf100));
                row.Append(Text(c, r, unit.Card.Locked ? $"已锁定（{unit.Card.LockedBy}）" : "未锁定"));
                rows.Add(row);
                r++;
            }

            var totalLetter = Column(3 + form.Items.Count);
            var summary = AddSheet(workbook, sheets, "汇总", rows, [Width(1, 1, 22), Width(2, 2, 9), Width(3, 2 + (uint)form.Items.Count, 6), Width(3 + (uint)form.Items.Count, 6 + (uint)form.Items.Count, 14)]);
            if (units.Count > 0)
                AddChart(summary, "汇总", totalLetter, units.Count, header[2 + form.Items.Count]);

            foreach (var unit in units)
                AddSheet(workbook, sheets, SheetName(unit.Unit), UnitRows(inspection, unit, form), [Width(1, 1, 14), Width(2, 2, 30), Width(3, 3, 7), Width(4, 4, 60), Width(5, 5, 8), Width(6, 6, 40), Width(7, 7, 16)]);
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static List<Row> UnitRows(Inspection inspection, UnitScorecard unit, EvaluationForm form)
    {
        var rows = new List<Row>
        {
            TextRow(1, [$"{unit.Unit.Name} 评分表 · {inspection.Title}（检查 {inspection.Id}）"], Bold),
            TextRow(2, ["项目", "内容", "分值", "评分标准和要点", "得分", "证据与说明", "评分人"], Bold),
        };
        var r = 3u;
        foreach (var item in form.Items)
        {
            var result = unit.Card.Items.FirstOrDefault(i => i.Code == item.Code);
            var row = new Row { RowIndex = r };
            var evidence = string.Join("；", new[] { result?.Evidence, result?.Note }.Where(s => !string.IsNullOrWhiteSpace(s)));
            var by = result?.Source switch
            {
                "computed" => "Callback 计算",
                "inspector" => unit.ScoredBy.GetValueOrDefault(item.Code, "检查组"),
                _ => "",
            };
            row.Append(Text(1, r, $"{item.PrintedCode} {item.Category}", Wrap), Text(2, r, item.Title, Wrap), Number(3, r, item.Maximum), Text(4, r, item.Standard, Wrap),
                Number(5, r, result?.Score), Text(6, r, evidence, Wrap), Text(7, r, by));
            rows.Add(row);
            r++;
        }

        var totalRow = new Row { RowIndex = r };
        totalRow.Append(Text(1, r, "合计", Bold), Number(3, r, form.PrintedTotal), Number(5, r, unit.Card.Total));
        rows.Add(totalRow);
        r += 2;
        rows.Add(TextRow(r++, ["4.4 扣分明细", "人员（证件号已遮蔽）", "扣分", "原因", "结论记录编号"], Bold));
        var deductions = unit.Card.Items.FirstOrDefault(i => i.Code == EvaluationForm.TruthfulnessItem)?.Deductions ?? [];
        if (deductions.Count == 0)
            rows.Add(TextRow(r++, ["", "无扣分"], 0));
        foreach (var d in deductions)
        {
            var row = new Row { RowIndex = r };
            row.Append(Text(2, r, d.Certificate), Number(3, r, -d.Points), Text(4, r, d.Reason, Wrap), Text(5, r, d.FindingEntryId?.ToString(CultureInfo.InvariantCulture) ?? "（无法联系）"));
            rows.Add(row);
            r++;
        }

        return rows;
    }

    private static WorksheetPart AddSheet(WorkbookPart workbook, Sheets sheets, string name, IEnumerable<Row> rows, IEnumerable<Column> widths)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.Append(rows);
        part.Worksheet = new Worksheet(new Columns(widths), data);
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)sheets.ChildElements.Count + 1, Name = name });
        return part;
    }

    /// <summary>A native column chart of the totals (so it updates if a clerk corrects a cell), beside the summary.</summary>
    private static void AddChart(WorksheetPart sheet, string sheetName, string totalColumn, int units, string seriesName)
    {
        var drawings = sheet.AddNewPart<DrawingsPart>();
        sheet.Worksheet.Append(new Drawing { Id = sheet.GetIdOfPart(drawings) });
        var chart = drawings.AddNewPart<ChartPart>();
        var last = units + 1;
        chart.ChartSpace = new C.ChartSpace(
            new C.EditingLanguage { Val = "zh-CN" },
            new C.RoundedCorners { Val = false },
            new C.Chart(
                new C.AutoTitleDeleted { Val = false },
                new C.PlotArea(
                    new C.Layout(),
                    new C.BarChart(
                        new C.BarDirection { Val = C.BarDirectionValues.Column },
                        new C.BarGrouping { Val = C.BarGroupingValues.Clustered },
                        new C.VaryColors { Val = false },
                        new C.BarChartSeries(
                            new C.Index { Val = 0 },
                            new C.Order { Val = 0 },
                            new C.SeriesText(new C.StringReference(new C.Formula($"'{sheetName}'!${totalColumn}$1"))),
                            new C.CategoryAxisData(new C.StringReference(new C.Formula($"'{sheetName}'!$A$2:$A${last}"))),
                            new C.Values(new C.NumberReference(new C.Formula($"'{sheetName}'!${totalColumn}$2:${totalColumn}${last}")))),
                        new C.AxisId { Val = 1 },
                        new C.AxisId { Val = 2 }),
                    new C.CategoryAxis(
                        new C.AxisId { Val = 1 }, new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }), new C.Delete { Val = false },
                        new C.AxisPosition { Val = C.AxisPositionValues.Bottom }, new C.CrossingAxis { Val = 2 }),
                    new C.ValueAxis(
                        new C.AxisId { Val = 2 }, new C.Scaling(new C.Orientation { Val = C.OrientationValues.MinMax }), new C.Delete { Val = false },
                        new C.AxisPosition { Val = C.AxisPositionValues.Left }, new C.MajorGridlines(), new C.CrossingAxis { Val = 1 })),
                new C.PlotVisibleOnly { Val = true }));
        drawings.WorksheetDrawing = new Xdr.WorksheetDrawing(new Xdr.TwoCellAnchor(
            new Xdr.FromMarker(new Xdr.ColumnId("1"), new Xdr.ColumnOffset("0"), new Xdr.RowId((units + 3).ToString(CultureInfo.InvariantCulture)), new Xdr.RowOffset("0")),
            new Xdr.ToMarker(new Xdr.ColumnId("12"), new Xdr.ColumnOffset("0"), new Xdr.RowId((units + 23).ToString(CultureInfo.InvariantCulture)), new Xdr.RowOffset("0")),
            new Xdr.GraphicFrame(
                new Xdr.NonVisualGraphicFrameProperties(new Xdr.NonVisualDrawingProperties { Id = 2u, Name = "各单位总分" }, new Xdr.NonVisualGraphicFrameDrawingProperties()),
                new Xdr.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 }),
                new A.Graphic(new A.GraphicData(new C.ChartReference { Id = drawings.GetIdOfPart(chart) }) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
            { Macro = string.Empty },
            new Xdr.ClientData()));
    }

    private static void AddStyles(WorkbookPart workbook)
    {
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "等线" }), new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "等线" })) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellFormats(
                new CellFormat { FontId = 0, FillId = 0, BorderId = 0 },
                new CellFormat { FontId = 1, FillId = 0, BorderId = 0, ApplyFont = true },
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { FontId = 0, FillId = 0, BorderId = 0, ApplyAlignment = true })
            { Count = 3 });
    }

    private static Column Width(uint from, uint to, double width) => new() { Min = from, Max = to, Width = width, CustomWidth = true };

    private static Row TextRow(uint r, IReadOnlyList<string> values, uint style)
    {
        var row = new Row { RowIndex = r };
        for (var i = 0; i < values.Count; i++)
            row.Append(Text(i + 1, r, values[i], style));
        return row;
    }

    private static Cell Text(int column, uint row, string value, uint style = 0) => new(new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }))
    {
        CellReference = Column(column) + row.ToString(CultureInfo.InvariantCulture), DataType = CellValues.InlineString, StyleIndex = style,
    };

    private static Cell Number(int column, uint row, decimal? value) => value is { } v
        ? new Cell(new CellValue(v)) { CellReference = Column(column) + row.ToString(CultureInfo.InvariantCulture), DataType = CellValues.Number }
        : new Cell { CellReference = Column(column) + row.ToString(CultureInfo.InvariantCulture) };

    /// <summary>A, B, …, Z, AA, … for a 1-based column.</summary>
    public static string Column(int number)
    {
        var name = string.Empty;
        for (; number > 0; number = (number - 1) / 26)
            name = (char)('A' + ((number - 1) % 26)) + name;
        return name;
    }

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(InspectionUnit unit)
    {
        var name = new string($"{unit.Name}{unit.Code}".Where(c => "[]:*?/\\".IndexOf(c) < 0).ToArray());
        return name.Length <= 31 ? name : name[..31];
    }
}
