using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Callback.Host.Reports;

/// <summary>
/// A Word document as a Chinese office prints one: A4, body in 仿宋 (三号, 16 pt), headings in 黑体, the title in
/// 宋体 bold, page numbers centred in the footer ("第 N 页"). Fields the clerk must fill in are marked 【请填写：…】 and
/// highlighted, so that nothing Callback does not know is presented as fact.
/// </summary>
public sealed class WordDocument
{
    private readonly List<OpenXmlElement> _body = [];

    public WordDocument Title(string text)
    {
        _body.Add(new Paragraph(
            new ParagraphProperties(new SpacingBetweenLines { After = "240" }, new Justification { Val = JustificationValues.Center }),
            Run(text, "宋体", 44, bold: true)));
        return this;
    }

    public WordDocument Heading(string text)
    {
        _body.Add(new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Before = "120", After = "60" }), Run(text, "黑体", 32)));
        return this;
    }

    /// <summary>A body paragraph, first line indented two characters; parts in 【】 that start with 请填写 are highlighted.</summary>
    public WordDocument Paragraph(string text, bool indent = true)
    {
        var paragraph = new Paragraph(new ParagraphProperties(
            new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact },
            indent ? new Indentation { FirstLineChars = 200 } : new Indentation()));
        var rest = text;
        while (rest.IndexOf("【请填写", StringComparison.Ordinal) is var start and >= 0)
        {
            var end = rest.IndexOf('】', start);
            if (end < 0)
                break;
            if (start > 0)
                paragraph.Append(Run(rest[..start], "仿宋", 32));
            paragraph.Append(Run(rest[start..(end + 1)], "仿宋", 32, highlight: true));
            rest = rest[(end + 1)..];
        }

        if (rest.Length > 0)
            paragraph.Append(Run(rest, "仿宋", 32));
        _body.Add(paragraph);
        return this;
    }

    public WordDocument Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        // The text width of A4 with these margins, shared by the columns.
        var grid = new TableGrid(header.Select(_ => new GridColumn { Width = (8844 / header.Count).ToString(CultureInfo.InvariantCulture) }));
        var table = new Table(new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, border), grid);
        table.Append(Row(header, bold: true));
        foreach (var row in rows)
            table.Append(Row(row, bold: false));
        _body.Add(table);
        _body.Add(new Paragraph());
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(
                new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                Run("第 ", "宋体", 28),
                new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
                new Run(new FieldCode(" PAGE ") { Space = SpaceProcessingModeValues.Preserve }),
                new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }),
                Run("1", "宋体", 28),
                new Run(new FieldChar { FieldCharType = FieldCharValues.End }),
                Run(" 页", "宋体", 28)));
            var body = new Body();
            body.Append(_body);
            // A4 (210 × 297 mm), the margins of GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
            body.Append(new SectionProperties(
                new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) },
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588U, Right = 1474U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>Today's date as a Chinese letter writes it.</summary>
    public static string ChineseDate(DateOnly day) => day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static TableRow Row(IReadOnlyList<string> cells, bool bold)
    {
        var row = new TableRow();
        foreach (var cell in cells)
            row.Append(new TableCell(new Paragraph(Run(cell, bold ? "黑体" : "仿宋", 24))));
        return row;
    }

    private static Run Run(string text, string font, int halfPoints, bool bold = false, bool highlight = false)
    {
        var properties = new RunProperties(new RunFonts { EastAsia = font, Ascii = "Times New Roman", HighAnsi = "Times New Roman" });
        if (bold)
            properties.Append(new Bold());
        // The schema's order: fonts, bold, size, then highlight.
        properties.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
        if (highlight)
            properties.Append(new Highlight { Val = HighlightColorValues.Yellow });
        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }
}
