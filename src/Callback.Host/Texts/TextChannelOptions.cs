namespace Callback.Host.Texts;

/// <summary>TextChannel: who is verified by an SMS link rather than a voice call, and how long a link lasts.</summary>
public sealed class TextChannelOptions
{
    public const string Section = "TextChannel";

    /// <summary>Registry categories a voice call cannot verify: the console proposes a text for them (听力, 言语).</summary>
    public List<string> Categories { get; set; } = ["听力", "言语"];

    /// <summary>Days a link stays usable (default 7).</summary>
    public int LinkDays { get; set; } = 7;
}
