namespace Callback.Domain.Registry;

/// <summary>
/// The 20-character disability certificate number: the 18-character citizen ID number, then the
/// category code, then the grade code.
/// </summary>
public static class CertificateNumber
{
    public const int Length = 20;

    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Normalises as the format says: trimmed, half-width, upper-case check character, no inner blanks.</summary>
    public static string Normalise(string? text)
    {
        var cleaned = TextNormaliser.Clean(text);
        if (cleaned.Contains(' ', StringComparison.Ordinal))
            cleaned = cleaned.Replace(" ", "", StringComparison.Ordinal);
        return cleaned.Length > 17 && cleaned[17] == 'x'
            ? string.Concat(cleaned.AsSpan(0, 17), "X", cleaned.AsSpan(18))
            : cleaned;
    }

    /// <summary>
    /// Whether a spreadsheet stored the number as a number: in scientific notation (1.50929E+19), or as digits whose
    /// tail beyond the 15 significant digits a spreadsheet keeps is all zeros (15092919840424000000). A real
    /// certificate never ends in 00: its last two digits are the category (1–7) and grade (1–4).
    /// </summary>
    public static bool LooksStoredAsNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var e = text.IndexOfAny(['E', 'e']);
        if (e > 0 && e < text.Length - 1 && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            return true;
        return text.Length >= 16 && text.All(char.IsAsciiDigit) && text.AsSpan(15).TrimStart('0').IsEmpty;
    }

    /// <summary>The ISO 7064 MOD 11-2 check character of the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    public static bool HasDigitsAndCheckShape(string number)
    {
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
                return false;
        }

        return char.IsAsciiDigit(number[17]) || number[17] == 'X';
    }

    /// <summary>The birth date in the ID number, when it is a real calendar date.</summary>
    public static DateOnly? BirthDate(string number)
    {
        var year = Digits(number, 6, 4);
        var month = Digits(number, 10, 2);
        var day = Digits(number, 12, 2);
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return null;
        return new DateOnly(year, month, day);
    }

    /// <summary>The 17th digit: odd for men, even for women.</summary>
    public static Sex SexOf(string number) => (number[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female;

    /// <summary>
    /// A compact 64-bit key for a valid number (the check character follows from the first 17 digits), so
    /// that duplicate detection over a million rows needs a few tens of megabytes, not hundreds.
    /// </summary>
    public static long Key(string number)
    {
        long digits = 0;
        for (var i = 0; i < 17; i++)
            digits = (digits * 10) + (number[i] - '0');
        return (digits * 64) + ((number[18] - '0') * 8) + (number[19] - '0');
    }

    /// <summary>The key of anything shaped like a certificate (20 characters, digits where the key reads them), valid or not.</summary>
    public static bool TryKey(string number, out long key)
    {
        ArgumentNullException.ThrowIfNull(number);
        key = 0;
        if (number.Length != 20 || !HasDigitsAndCheckShape(number) || !char.IsAsciiDigit(number[18]) || !char.IsAsciiDigit(number[19]))
            return false;
        key = Key(number);
        return true;
    }

    /// <summary>Shown to people: region and last four kept, the rest (birth date, sequence) hidden.</summary>
    public static string Mask(string? number)
    {
        if (string.IsNullOrEmpty(number))
            return string.Empty;
        if (number.Length <= 8)
            return new string('*', number.Length);
        return string.Concat(number.AsSpan(0, 4), new string('*', number.Length - 8), number.AsSpan(number.Length - 4));
    }

    private static int Digits(string s, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
            value = (value * 10) + (s[i] - '0');
        return value;
    }
}
