namespace Callback.Domain.Registry;

/// <summary>The normalisation every cell gets before validation (registry-format.md).</summary>
public static class TextNormaliser
{
    // Invisible characters that carry no meaning in a registry cell but make a code look right while it is not
    // ("150925\u200B"): zero-width space, word joiner, a byte order mark inside a cell. The zero-width (non-)joiners
    // stay: Mongolian script needs them.
    private static readonly System.Buffers.SearchValues<char> Invisible = System.Buffers.SearchValues.Create("\u200B\u2060\uFEFF");

    /// <summary>Trims (also the ideographic space), drops invisible characters, and turns full-width ASCII into half-width.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
        if (text.AsSpan().ContainsAny(Invisible))
            text = string.Concat(text.Where(c => !Invisible.Contains(c)));
        var span = text.AsSpan().Trim().Trim('\u3000');
        var needsWidening = false;
        foreach (var c in span)
        {
            if (c is >= '\uFF01' and <= '\uFF5E' or '\u3000')
            {
                needsWidening = true;
                break;
            }
        }

        if (!needsWidening)
            return span.Length == text.Length ? text : span.ToString();

        return string.Create(span.Length, span.ToString(), static (dest, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                dest[i] = c switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    '\u3000' => ' ',
                    _ => c,
                };
            }
        }).Trim();
    }
}
