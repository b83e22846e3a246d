using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Callback.Tests.Support;

/// <summary>Writes real .xlsx workbooks (Open XML SDK) for the import tests.</summary>
public static class Workbooks
{
    /// <summary>A workbook whose first sheet holds the rows; a cell is text, a number or a date (as Excel stores it).</summary>
    public static MemoryStream Create(IEnumerable<IReadOnlyList<object?>> rows)
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
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var row in rows)
            {
                var xmlRow = new Row();
                foreach (var value in row)
                {
                    xmlRow.Append(value switch
                    {
                        null => new Cell(),
                        DateTime d => new Cell { CellValue = new CellValue(d.ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)), DataType = CellValues.Number, StyleIndex = 1 },
                        double n => new Cell { CellValue = new CellValue(n), DataType = CellValues.Number },
                        _ => new Cell { CellValue = new CellValue(value.ToString()!), DataType = CellValues.String },
                    });
                }

                data.Append(xmlRow);
            }

            sheetPart.Worksheet = new Worksheet(data);
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "登记" });
        }

        stream.Position = 0;
        return stream;
    }
}
