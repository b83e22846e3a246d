namespace Callback.Domain.Registry.Import;

/// <summary>Opens a registry export by what its bytes are, not by its name.</summary>
public static class RegistryFile
{
    // GB18030 and the code pages ExcelDataReader needs are not in .NET's default set.
    static RegistryFile() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Opens a seekable stream as CSV or workbook. Throws <see cref="RegistryFileException"/> when it is neither,
    /// or when it would expand beyond <paramref name="limits"/> (the defaults when null).
    /// </summary>
    public static IRegistryRowSource Open(Stream stream, FileLimits? limits = null)
    {
        limits ??= FileLimits.Default;
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
            throw new ArgumentException("Registry files are read from a seekable stream (a file or a spooled upload).", nameof(stream));

        var start = stream.Position;
        var sample = new byte[TextEncodingDetector.SampleSize];
        var length = stream.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        stream.Position = start;
        var head = sample.AsSpan(0, length);

        if (head.Trim((byte)' ').Trim("\r\n\t"u8).Length == 0 || head.SequenceEqual("\uFEFF"u8))
            throw new RegistryFileException(FileProblemCodes.EmptyFile, "文件是空的");
        // An OpenDocument spreadsheet (.ods, LibreOffice/WPS) is a zip too; its first entry names its type.
        if (head.StartsWith("PK\u0003\u0004"u8) && head.IndexOf("application/vnd.oasis.opendocument"u8) >= 0)
        {
            throw new RegistryFileException(FileProblemCodes.UnsupportedFormat,
                "这是 OpenDocument 表格（.ods），Callback 不读取这种格式：请在 WPS 或 LibreOffice 中“另存为” Excel 工作簿（.xlsx）后再导入");
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            var facts = WorkbookGuard.Check(stream, limits);
            return new XlsxRowSource(stream, "xlsx", facts);
        }

        // The old binary .xls is not compressed: its size is bounded by the upload limit.
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
            return new XlsxRowSource(stream, "xls");
        if (LooksBinary(head))
            throw new RegistryFileException(FileProblemCodes.NotASpreadsheet,
                "文件不是 CSV 或 Excel（.xlsx）表格：请从实名制系统导出为 Excel 或 CSV 后再导入");

        var encoding = TextEncodingDetector.Detect(head, length < sample.Length);
        return new CsvRowSource(stream, encoding, limits.MaxRowChars);
    }

    /// <summary>Text files hold no NUL bytes and few control characters.</summary>
    private static bool LooksBinary(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return false;
        var control = 0;
        foreach (var b in head)
        {
            if (b == 0)
                return true;
            if (b < 0x20 && b is not (byte)'\r' and not (byte)'\n' and not (byte)'\t')
                control++;
        }

        return control > head.Length / 100;
    }
}
