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

    private readonly int _maxRecordChars;

    /// <param name="maxRecordChars">The longest record read; a longer one is refused as line-too-long.</param>
    public CsvRowSource(Stream stream, Encoding encoding, int maxRecordChars = 1024 * 1024)
    {
        _maxRecordChars = maxRecordChars;
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(encoding);
        Encoding = encoding.WebName;
        var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        try
        {
            // The buffer holds a whole record and never grows: a longer record throws CsvRecordTooLargeException.
            _csv = CsvDataReader.Create(reader, new CsvDataReaderOptions { HasHeaders = true, BufferSize = maxRecordChars, MaxBufferSize = maxRecordChars });
        }
        catch (CsvRecordTooLargeException e)
        {
            // The reader takes the header and looks ahead into the first record before it answers.
            throw new RegistryFileException(FileProblemCodes.LineTooLong,
                $"文件的表头或第 2 行超过 {_maxRecordChars} 个字符，不是一条登记记录：请检查是否缺少换行或引号未闭合", e);
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
            catch (CsvRecordTooLargeException e)
            {
                // Lines count the header as line 1, as a text editor does.
                throw LineTooLong(_record + 2, e);
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

    private RegistryFileException LineTooLong(int line, Exception e) => new(FileProblemCodes.LineTooLong,
        $"文件第 {line} 行（含表头）超过 {_maxRecordChars} 个字符，不是一条登记记录：请检查是否缺少换行或引号未闭合", e);

    private static RegistryFileException InvalidEncoding(Exception e) => new(FileProblemCodes.InvalidEncoding,
        "文件中有无法识别的字符：请另存为 UTF-8 或 GB18030 编码的 CSV", e);
}
