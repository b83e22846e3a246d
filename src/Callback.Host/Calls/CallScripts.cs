using Callback.Domain.Calls.Scripts;
using Callback.Telephony;
using Microsoft.Extensions.Options;

namespace Callback.Host.Calls;

/// <summary>The call scripts of call-scripts/, loaded and validated once; the newest version of a script is used for new calls.</summary>
public sealed class CallScripts(IOptions<TelephonyOptions> options)
{
    private readonly Lazy<IReadOnlyList<CallScript>> _scripts = new(() =>
        ScriptLoader.LoadFolder(Path.IsPathRooted(options.Value.ScriptsDirectory)
            ? options.Value.ScriptsDirectory
            : Path.Combine(AppContext.BaseDirectory, options.Value.ScriptsDirectory)));

    public IReadOnlyList<CallScript> All => _scripts.Value;

    public CallScript Current(string id = "verification") =>
        All.Where(s => s.Id == id).MaxBy(s => s.Version) ?? throw new ScriptException(id, null, "no such script");

    public CallScript? Find(string key) => All.FirstOrDefault(s => s.Key == key);
}
