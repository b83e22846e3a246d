using System.Text;
using Sylvan.Data.Csv;

namespace Callback.Domain.Registry.Import;

/// <summary>Streams a CSV export (RFC 4180: quoted fields may hold commas, quotes and line breaks).</summary>
public sealed class CsvRowSource : IRegistryRowSource
{
    private readonly CsvDataReader _csv;
    private readonly string?[] _cells = new string?[RegistryColumns.Count];
    private readonly int[] _sourceIndex;
    private int _record;

    public CsvRowSource(Stream stream, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(encoding);
        Encoding = encoding.WebName;
        var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        try
        {
            _csv = CsvDataReader.Create(reader, new CsvDataReaderOptions { HasHeaders = true, BufferSize = 1 << 20 });
        }
        catch (DecoderFallbackException e)
        {
            throw InvalidEncoding(e);
        }
        catch (CsvFormatException e)
        {
            throw new RegistryFileException(FileProblemCodes.NoHeader, $"无法读取表头：{e.Message}", e);
        }

        var headers = Enumerable.Range(0, _csv.FieldCount).Select(_csv.GetName).ToList();
        Header = HeaderMap.Build(headers);
        _sourceIndex = [.. Header.SourceIndexByColumn];
    }

    public string Format => "csv";

    public string? Encoding { get; }

    public HeaderMap Header { get; }

    public int Row => _record;

    public IReadOnlyList<string?> Cells => _cells;

    public bool Read()
    {
        while (true)
        {
            try
            {
                if (!_csv.Read())
                    return false;
            }
            catch (DecoderFallbackException e)
            {
                throw InvalidEncoding(e);
            }
            catch (CsvFormatException e)
            {
                throw new RegistryFileException(FileProblemCodes.MalformedCsv, $"第 {_record + 1} 行附近的 CSV 格式有误：{e.Message}", e);
            }

            _record++;
            var fieldCount = _csv.RowFieldCount;
            var blank = true;
            for (var c = 0; c < _cells.Length; c++)
            {
                var index = _sourceIndex[c];
                var value = index >= 0 && index < fieldCount ? _csv.GetString(index) : null;
                _cells[c] = value;
                if (!string.IsNullOrWhiteSpace(value))
                    blank = false;
            }

            if (!blank)
                return true;
        }
    }

    public void Dispose() => _csv.Dispose();

    private static RegistryFileException InvalidEncoding(Exception e) => new(FileProblemCodes.InvalidEncoding,
        "文件中有无法识别的字符：请另存为 UTF-8 或 GB18030 编码的 CSV", e);
}
