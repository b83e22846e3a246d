namespace Callback.Host.Common;

/// <summary>
/// One way to read an enum value from a request, everywhere: its name as the API writes it (PascalCase, as in
/// every response), in any case, or one of its Chinese words; never a number. A value that is none of these is
/// refused with the code given and the values that would do.
/// </summary>
public static class EnumValues
{
    public static T Parse<T>(string? text, string code, string what, IReadOnlyDictionary<string, T>? chinese = null)
        where T : struct, Enum =>
        TryParse(text, out T value, chinese)
            ? value
            : throw RequestRefusedException.BadRequest(code, $"{what}“{text}”无效，应为：{Described(chinese)}");

    public static bool TryParse<T>(string? text, out T value, IReadOnlyDictionary<string, T>? chinese = null)
        where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var trimmed = text.Trim();
        if (chinese is not null && chinese.TryGetValue(trimmed, out value))
            return true;
        // Enum.TryParse would also take "2" or "1,2": only names are values here.
        return !char.IsAsciiDigit(trimmed[0]) && trimmed[0] != '-' && !trimmed.Contains(',', StringComparison.Ordinal)
            && Enum.TryParse(trimmed, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    private static string Described<T>(IReadOnlyDictionary<string, T>? chinese)
        where T : struct, Enum =>
        string.Join("、", Enum.GetValues<T>().Select(v =>
            chinese?.FirstOrDefault(c => EqualityComparer<T>.Default.Equals(c.Value, v)).Key is { } word ? $"{v}（{word}）" : v.ToString()));
}
