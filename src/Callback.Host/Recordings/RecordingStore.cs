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
        // Instances sharing the path that start together all keep the first key written.
        var key = Common.SharedFiles.ReadOrCreateKey(keyFile, "Storage:RecordingKeyPath", RecordingVault.NewKey);
        if (key.Length != RecordingVault.KeySize)
            throw new InvalidOperationException(
                $"Storage:RecordingKeyPath: {keyFile} holds {key.Length} bytes, not the {RecordingVault.KeySize} of a recording key; restore the deployment's key file.");
        return new RecordingVault(key);
    }, LazyThreadSafetyMode.PublicationOnly); // A key file that could not be read yet is tried again on the next save, not remembered as failed.

    private const string Extension = ".rec";

    private string Folder => storage.Value.FullRecordingsDirectory;

    public string PathOf(long callId) => Path.Combine(Folder, callId.ToString(CultureInfo.InvariantCulture) + Extension);

    public async Task SaveAsync(long callId, byte[] audio, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        // Replaced in one step: another instance's download of the same call, or a crash, never leaves a sealed recording half written.
        await Common.SharedFiles.ReplaceAsync(PathOf(callId), _vault.Value.Encrypt(audio), ct);
    }

    public async Task<byte[]?> ReadAsync(long callId, CancellationToken ct) =>
        File.Exists(PathOf(callId)) ? _vault.Value.Decrypt(await File.ReadAllBytesAsync(PathOf(callId), ct)) : null;

    public void Delete(long callId) => File.Delete(PathOf(callId));

    /// <summary>
    /// Removes what writes cut short by a crash left beside the recordings (an hour old: a write under way is seconds
    /// old, even on another instance); returns how many.
    /// </summary>
    /// <param name="now">The real time (the files' times are the file system's, whatever clock Callback runs on).</param>
    public int DeleteAbandonedWrites(DateTimeOffset now)
    {
        if (!Directory.Exists(Folder))
            return 0;
        var abandoned = Directory.EnumerateFiles(Folder, "*" + Extension + ".*" + Common.SharedFiles.TemporarySuffix)
            .Where(file => File.GetLastWriteTimeUtc(file) < now.UtcDateTime - TimeSpan.FromHours(1)).ToList();
        foreach (var file in abandoned)
            File.Delete(file);
        return abandoned.Count;
    }
}
