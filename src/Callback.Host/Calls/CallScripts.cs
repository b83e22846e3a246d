using Callback.Domain.Calls.Scripts;
using Callback.Telephony;
using Microsoft.Extensions.Options;

namespace Callback.Host.Calls;

/// <summary>The call scripts of call-scripts/, loaded and validated once; the newest version of a script is used for new calls.</summary>
public sealed class CallScripts(IOptions<TelephonyOptions> options)
{
    private readonly Lazy<IReadOnlyList<CallScript>> _scripts = new(() => ScriptLoader.LoadFolder(FolderOf(options.Value)));
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _prompts = new();

    public string Folder => FolderOf(options.Value);

    /// <summary>Whether every step of a script has recorded audio in a language (Mongolian has no voice to speak text).</summary>
    public static bool Speaks(CallScript script, string language) =>
        script.Steps.All(s => s.Audio is { } audio && audio.ContainsKey(language));

    /// <summary>
    /// A recorded prompt a script names, prepared for the phone network (8 kHz mono, common level), once.
    /// Null for a file the script does not name: nothing else under the folder is served.
    /// </summary>
    public byte[]? Prompt(string scriptKey, string path)
    {
        if (Find(scriptKey) is not { } script || !script.Steps.Any(s => s.Audio?.Values.Contains(path) == true))
            return null;
        return _prompts.GetOrAdd(scriptKey + "/" + path, _ => Callback.Audio.PromptAudio.PrepareForTelephone(File.ReadAllBytes(Path.Combine(Folder, path))));
    }

    private static string FolderOf(TelephonyOptions options) => Path.IsPathRooted(options.ScriptsDirectory)
        ? options.ScriptsDirectory
        : Path.Combine(AppContext.BaseDirectory, options.ScriptsDirectory);

    public IReadOnlyList<CallScript> All => _scripts.Value;

    public CallScript Current(string id = "verification") =>
        All.Where(s => s.Id == id).MaxBy(s => s.Version) ?? throw new ScriptException(id, null, "no such script");

    public CallScript? Find(string key) => All.FirstOrDefault(s => s.Key == key);
}
