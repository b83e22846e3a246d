namespace Callback.Host.Web;

/// <summary>
/// The console's texts: ConsoleText.resx holds the Chinese (the default), ConsoleText.en.resx the English.
/// Keys are English names; a page asks IStringLocalizer&lt;ConsoleText&gt; for them, never writes text in markup.
/// </summary>
#pragma warning disable CA1812 // a marker type for the localizer, never instantiated
internal sealed class ConsoleText;
#pragma warning restore CA1812
