namespace Callback.Domain.Registry.Import;

/// <summary>A registry file that cannot be read at all. Nothing is imported from it.</summary>
public sealed class RegistryFileException : Exception
{
    public RegistryFileException(string code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public RegistryFileException()
        : this("unreadable-file", "文件无法读取") { }

    public RegistryFileException(string message)
        : this("unreadable-file", message) { }

    public RegistryFileException(string message, Exception inner)
        : this("unreadable-file", message, inner) { }

    /// <summary>English code, stable for scripts: empty-file, not-a-spreadsheet, no-header, …</summary>
    public string Code { get; }

    /// <summary>What the file would have done, when it was read to the end before being refused (too many removals).</summary>
    public ImportReport? Report { get; init; }
}

public static class FileProblemCodes
{
    public const string EmptyFile = "empty-file";
    public const string NotASpreadsheet = "not-a-spreadsheet";
    public const string NoHeader = "no-header";
    public const string MissingColumns = "missing-columns";
    public const string DuplicateColumn = "duplicate-column";
    public const string CorruptWorkbook = "corrupt-workbook";
    public const string InvalidEncoding = "invalid-encoding";
    public const string MalformedCsv = "malformed-csv";
    public const string FileTooLarge = "file-too-large";
    public const string FileNotFound = "file-not-found";
    public const string WorkbookTooLarge = "workbook-too-large";
    public const string CellTooLong = "cell-too-long";
    public const string TooManyColumns = "too-many-columns";
    public const string RowTooLong = "row-too-long";
    public const string LineTooLong = "line-too-long";
    public const string NoDataRows = "no-data-rows";
    public const string FormulaWithoutValue = "formula-without-value";
    public const string UnsupportedFormat = "unsupported-format";
    public const string RemovalNeedsConfirmation = "removal-needs-confirmation";
}
