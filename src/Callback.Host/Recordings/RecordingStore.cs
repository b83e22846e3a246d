using System.Globalization;
using Callback.Audio;
using Callback.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Callback.Host.Recordings;

/// <summary>
/// Encrypted recordings (in the data directory unless <c>Storage:RecordingsDirectory</c> says where), and the
/// deployment's key (<c>Storage:RecordingKeyPath</c>, created on first use; several instances name one file).
/// </summary>
public sealed class RecordingStore(IOptions<StorageOptions> storage)
{
    private readonly Lazy<RecordingVault> _vault = new(() =>
    {
        var keyFile = storage.Value.FullRecordingKeyPath;
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        try
        {
            // Created once, never overwritten: instances sharing the path that start together keep the first key.
            using (var created = new FileStream(keyFile, FileMode.CreateNew, FileAccess.Write))
                created.Write(RecordingVault.NewKey());
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        catch (IOException) when (File.Exists(keyFile))
        {
            // Made already (by an earlier start or another instance).
        }

        return new RecordingVault(File.ReadAllBytes(keyFile));
    });

    private string Folder => storage.Value.FullRecordingsDirectory;

    public string PathOf(long callId) => Path.Combine(Folder, callId.ToString(CultureInfo.InvariantCulture) + ".rec");

    public async Task SaveAsync(long callId, byte[] audio, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllBytesAsync(PathOf(callId), _vault.Value.Encrypt(audio), ct);
    }

    public async Task<byte[]?> ReadAsync(long callId, CancellationToken ct) =>
        File.Exists(PathOf(callId)) ? _vault.Value.Decrypt(await File.ReadAllBytesAsync(PathOf(callId), ct)) : null;

    public void Delete(long callId) => File.Delete(PathOf(callId));
}
