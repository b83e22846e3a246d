using System.Buffers;
using PhoneNumbers;

namespace Callback.Domain.Registry;

/// <summary>A phone cell as written, and the numbers in it that parse as valid China numbers, in E.164.</summary>
public sealed record PhoneList(string Written, IReadOnlyList<string> E164, IReadOnlyList<string> Unparseable)
{
    public static readonly PhoneList Empty = new(string.Empty, [], []);

    /// <summary>A cell kept as written, not parsed.</summary>
    public static PhoneList Unparsed(string? cell) => new(TextNormaliser.Clean(cell), [], []);

    public bool HasCallable => E164.Count > 0;

    /// <summary>E.164 numbers joined by ';' for storage.</summary>
    public string Joined => string.Join(';', E164);

    /// <summary>Stored numbers (joined by ';') as a list, whole for those who need them, masked for everyone else.</summary>
    public static IReadOnlyList<string> Show(string? joined, bool whole) =>
        string.IsNullOrEmpty(joined) ? [] : [.. joined.Split(';').Select(n => whole ? n : Mask(n))];

    /// <summary>Shown to people: country code, the first three digits and the last two kept.</summary>
    public static string Mask(string? e164)
    {
        if (string.IsNullOrEmpty(e164) || e164.Length < 8)
            return "****";
        return string.Concat(e164.AsSpan(0, 6), new string('*', e164.Length - 8), e164.AsSpan(e164.Length - 2));
    }
}

/// <summary>
/// Splits a phone cell into numbers and parses each with libphonenumber as a China (+86) number.
/// Separators between numbers: 、 / ; , (also full-width), line breaks (Alt+Enter in a cell) and blanks; blanks and dashes inside one number
/// are dropped first, so "170 6735 8351" is one mobile number.
/// </summary>
public sealed class PhoneListParser
{
    private static readonly SearchValues<char> ListSeparators = SearchValues.Create("、/;,，；|\r\n");
    private static readonly HashSet<string> Placeholders = new(StringComparer.Ordinal)
    {
        "无", "暂无", "没有", "空", "-", "--", "/", "null", "NULL", "0", "无电话", "不详",
    };

    private readonly PhoneNumberUtil _util = PhoneNumberUtil.GetInstance();

    public PhoneList Parse(string? cell)
    {
        var written = TextNormaliser.Clean(cell);
        if (written.Length == 0 || Placeholders.Contains(written))
            return written.Length == 0 ? PhoneList.Empty : new PhoneList(written, [], []);

        // Most cells hold one number and nothing else.
        if (written.AsSpan().IndexOfAny(ListSeparators) < 0 && !written.Contains(' ', StringComparison.Ordinal) && TryParse(written, out var single))
            return new PhoneList(written, [single], []);

        var valid = new List<string>(2);
        var invalid = new List<string>();
        foreach (var part in SplitList(written))
        {
            if (Placeholders.Contains(part))
                continue;
            if (TryParse(part, out var e164))
            {
                AddDistinct(valid, e164);
                continue;
            }

            // Blanks may also separate numbers: "17000000000 0471-5103279".
            var pieces = part.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (pieces.Length > 1 && pieces.All(p => TryParse(p, out _)))
            {
                foreach (var piece in pieces)
                {
                    TryParse(piece, out var e);
                    AddDistinct(valid, e);
                }
            }
            else
            {
                invalid.Add(part);
            }
        }

        return new PhoneList(written, valid, invalid);
    }

    private static void AddDistinct(List<string> list, string value)
    {
        if (!list.Contains(value))
            list.Add(value);
    }

    private static IEnumerable<string> SplitList(string written)
    {
        var rest = written.AsMemory();
        while (rest.Length > 0)
        {
            var at = rest.Span.IndexOfAny(ListSeparators);
            var part = (at < 0 ? rest : rest[..at]).ToString().Trim();
            if (part.Length > 0)
                yield return part;
            rest = at < 0 ? ReadOnlyMemory<char>.Empty : rest[(at + 1)..];
        }
    }

    private bool TryParse(string text, out string e164)
    {
        e164 = string.Empty;
        Span<char> buffer = stackalloc char[32];
        var length = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '-' or '(' or ')' or '（' or '）')
                continue;
            if (length == buffer.Length)
                return false;
            buffer[length++] = c;
        }

        if (length < 5)
            return false;
        if (ChinaMobileFastPath.TryE164(buffer[..length], out e164))
            return true;
        try
        {
            var digits = length == text.Length ? text : buffer[..length].ToString();
            var number = _util.Parse(digits, "CN");
            if (!_util.IsValidNumber(number))
                return false;
            e164 = _util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
