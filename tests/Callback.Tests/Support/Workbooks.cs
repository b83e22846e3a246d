using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Callback.Tests.Support;

/// <summary>A sheet to write: its rows, whether it is hidden, and its merged ranges ("K3:K5").</summary>
public sealed record SheetSpec(string Name, IEnumerable<IReadOnlyList<object?>> Rows, bool Hidden = false, params string[] Merged);

/// <summary>A cell holding a formula whose result was never stored (as scripts write them).</summary>
public sealed record FormulaWithoutValue(string Formula);

/// <summary>Writes real .xlsx workbooks (Open XML SDK) for the import tests.</summary>
public static class Workbooks
{
    /// <summary>A workbook whose first sheet holds the rows; a cell is text, a number or a date (as Excel stores it).</summary>
    public static MemoryStream Create(IEnumerable<IReadOnlyList<object?>> rows) => Create(new SheetSpec("登记", rows));

    /// <summary>A workbook of several sheets, in order.</summary>
    public static MemoryStream Create(params SheetSpec[] specs)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            // Style 1 is the built-in date format 14 (m/d/yyyy), so date cells read back as dates.
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            foreach (var spec in specs)
            {
                var sheetPart = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                foreach (var row in spec.Rows)
                {
                    var xmlRow = new Row();
                    foreach (var value in row)
                    {
                        xmlRow.Append(value switch
                        {
                            null => new Cell(),
                            DateTime d => new Cell { CellValue = new CellValue(d.ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)), DataType = CellValues.Number, StyleIndex = 1 },
                            double n => new Cell { CellValue = new CellValue(n), DataType = CellValues.Number },
                            FormulaWithoutValue f => new Cell { CellFormula = new CellFormula(f.Formula) },
                            _ => new Cell { CellValue = new CellValue(value.ToString()!), DataType = CellValues.String },
                        });
                    }

                    data.Append(xmlRow);
                }

                sheetPart.Worksheet = new Worksheet(data);
                if (spec.Merged.Length > 0)
                    sheetPart.Worksheet.Append(new MergeCells(spec.Merged.Select(r => new MergeCell { Reference = r })));
                var sheet = new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = id++, Name = spec.Name };
                if (spec.Hidden)
                    sheet.State = SheetStateValues.Hidden;
                sheets.Append(sheet);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
