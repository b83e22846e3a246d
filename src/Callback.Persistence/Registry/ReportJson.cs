using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Callback.Persistence.Registry;

/// <summary>JSON as Callback writes reports: camelCase, Chinese readable, markup characters still escaped.</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
