namespace Callback.Domain.Registry;

/// <summary>The normalisation every cell gets before validation (registry-format.md).</summary>
public static class TextNormaliser
{
    /// <summary>Trims (also the ideographic space) and turns full-width ASCII into half-width.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;
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
