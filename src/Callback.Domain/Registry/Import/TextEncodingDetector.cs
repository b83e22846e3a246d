using System.Text;
using System.Text.Unicode;

namespace Callback.Domain.Registry.Import;

/// <summary>
/// Tells UTF-8 (with or without BOM) from GB18030, the two encodings registry CSV files arrive in. Exports
/// are either valid UTF-8 or, when Excel on a Chinese Windows wrote them, GB18030: a Chinese GB18030 text
/// is practically never valid UTF-8, so a valid prefix decides. The chosen decoder is strict, so that a file
/// that changes its mind later fails clearly instead of showing mojibake.
/// </summary>
public static class TextEncodingDetector
{
    public const int SampleSize = 64 * 1024;

    static TextEncodingDetector() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Detect(ReadOnlySpan<byte> sample, bool sampleIsWholeFile)
    {
        if (sample.StartsWith("\uFEFF"u8))
            return StrictUtf8;
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return sample[0] == 0xFF ? new UnicodeEncoding(false, true, true) : new UnicodeEncoding(true, true, true);

        // A sample cut mid-character is still UTF-8: drop an incomplete sequence at the end.
        var span = sampleIsWholeFile ? sample : TrimIncompleteTail(sample);
        return Utf8.IsValid(span) ? StrictUtf8 : Gb18030;
    }

    public static Encoding StrictUtf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding Gb18030 { get; } = Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private static ReadOnlySpan<byte> TrimIncompleteTail(ReadOnlySpan<byte> sample)
    {
        // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
        var end = sample.Length;
        for (var back = 1; back <= 4 && back <= sample.Length; back++)
        {
            var b = sample[^back];
            if ((b & 0xC0) == 0x80)
                continue;
            var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? sample[..(end - back)] : sample;
        }

        return sample;
    }
}
