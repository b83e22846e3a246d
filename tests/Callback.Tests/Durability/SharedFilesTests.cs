using Callback.Host.Configuration;
using Callback.Host.Evidence;
using Callback.Host.Recordings;
using Callback.Tests.Support;
using Microsoft.Extensions.Options;

namespace Callback.Tests.Durability;

/// <summary>Keys and recordings on a volume that several instances share: never seen half written, never two keys.</summary>
public sealed class SharedFilesTests
{
    private const int Instances = 12;

    [Fact]
    public async Task Instances_starting_together_on_a_new_recording_key_all_keep_the_first_key()
    {
        for (var round = 0; round < 20; round++)
        {
            using var data = new TempDirectory();
            var stores = Enumerable.Range(0, Instances).Select(_ => Store(data.Path)).ToArray();
            var audio = Enumerable.Range(0, Instances).Select(i => new byte[] { (byte)i, 1, 2, 3 }).ToArray();
            using var start = new Barrier(Instances);
            await Task.WhenAll(stores.Select((store, i) => Together(start, () => store.SaveAsync(i, audio[i], CancellationToken.None).GetAwaiter().GetResult())));

            // What any instance stored, every other reads: they all encrypt with one key.
            for (var reader = 0; reader < Instances; reader++)
            {
                for (var id = 0; id < Instances; id++)
                    Assert.Equal(audio[id], await stores[reader].ReadAsync(id, CancellationToken.None));
            }

            Assert.Single(Directory.GetFiles(data.Path, "recordings.key*"));
        }
    }

    [Fact]
    public async Task Instances_starting_together_on_a_new_signing_key_all_sign_with_the_first_key()
    {
        for (var round = 0; round < 20; round++)
        {
            using var data = new TempDirectory();
            var signers = Enumerable.Range(0, Instances)
                .Select(_ => new EvidenceSigner(Options.Create(new EvidenceOptions()), Options.Create(new StorageOptions { DataDirectory = data.Path })))
                .ToArray();
            using var start = new Barrier(Instances);
            var keyIds = new string[Instances];
            await Task.WhenAll(signers.Select((signer, i) => Together(start, () => keyIds[i] = signer.KeyId)));

            Assert.Single(keyIds.Distinct());
            Assert.Single(Directory.GetFiles(data.Path, "signing-key.pem*"));
            foreach (var signer in signers)
                signer.Dispose();
        }
    }

    [Fact]
    public async Task A_recording_saved_again_while_it_is_read_is_always_read_whole()
    {
        using var data = new TempDirectory();
        var writer = Store(data.Path);
        var reader = Store(data.Path);
        var audio = new byte[4 * 1024 * 1024];
        new Random(7).NextBytes(audio);
        await writer.SaveAsync(1, audio, CancellationToken.None);

        using var saving = new CancellationTokenSource();
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        var readingTask = Task.Run(async () =>
        {
            while (!saving.IsCancellationRequested)
            {
                // Another instance's download of the same call rewrites the file meanwhile: a reader never sees it half written.
                Assert.Equal(audio, await reader.ReadAsync(1, CancellationToken.None));
                reads++;
                reading.TrySetResult();
            }
        });
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 25 && !readingTask.IsCompleted; i++)
            await writer.SaveAsync(1, audio, CancellationToken.None);
        await saving.CancelAsync();
        await readingTask;

        Assert.True(reads > 1, $"{reads} reads");
        Assert.Equal([writer.PathOf(1)], Directory.GetFiles(Path.GetDirectoryName(writer.PathOf(1))!));
    }

    [Fact]
    public async Task A_save_that_fails_leaves_the_recording_there_was_and_no_partial_file()
    {
        using var data = new TempDirectory();
        var store = Store(data.Path);
        await store.SaveAsync(1, [1, 2, 3], CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveAsync(1, new byte[1024 * 1024], new CancellationToken(canceled: true)));

        Assert.Equal([1, 2, 3], await store.ReadAsync(1, CancellationToken.None));
        Assert.Equal([store.PathOf(1)], Directory.GetFiles(Path.GetDirectoryName(store.PathOf(1))!));
    }

    [Fact]
    public async Task What_a_crash_left_beside_the_recordings_is_removed_once_an_hour_old_and_not_before()
    {
        using var data = new TempDirectory();
        var store = Store(data.Path);
        await store.SaveAsync(1, [1, 2, 3], CancellationToken.None);
        var folder = Path.GetDirectoryName(store.PathOf(1))!;
        var now = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        var abandoned = Path.Combine(folder, "2.rec.0123456789abcdef0123456789abcdef.tmp");
        var underWay = Path.Combine(folder, "3.rec.fedcba9876543210fedcba9876543210.tmp");
        File.WriteAllBytes(abandoned, [9]);
        File.WriteAllBytes(underWay, [9]);
        File.SetLastWriteTimeUtc(abandoned, now.UtcDateTime.AddMinutes(-61));
        File.SetLastWriteTimeUtc(underWay, now.UtcDateTime.AddMinutes(-59));
        File.SetLastWriteTimeUtc(store.PathOf(1), now.UtcDateTime.AddDays(-30));

        Assert.Equal(1, store.DeleteAbandonedWrites(now));

        Assert.Equal([store.PathOf(1), underWay], Directory.GetFiles(folder).Order());
    }

    [Fact]
    public async Task A_recording_key_file_of_the_wrong_size_is_refused_naming_the_setting_and_the_file()
    {
        using var data = new TempDirectory();
        var keyFile = Path.Combine(data.Path, "recordings.key");
        await File.WriteAllBytesAsync(keyFile, new byte[5]);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Store(data.Path).SaveAsync(1, [1], CancellationToken.None));

        Assert.Contains("Storage:RecordingKeyPath", refused.Message, StringComparison.Ordinal);
        Assert.Contains(keyFile, refused.Message, StringComparison.Ordinal);
        Assert.Contains("5 bytes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_could_not_be_written_leaves_no_empty_file_and_its_error_is_heard()
    {
        using var data = new TempDirectory();
        var keyFile = Path.Combine(data.Path, "some.key");

        var failed = Assert.Throws<IOException>(() => Callback.Host.Common.SharedFiles.ReadOrCreateKey(keyFile, "Some:KeyPath", () => throw new IOException("No space left on device")));

        Assert.Equal("No space left on device", failed.Message);
        Assert.False(File.Exists(keyFile));
        Assert.Equal([7, 7], Callback.Host.Common.SharedFiles.ReadOrCreateKey(keyFile, "Some:KeyPath", () => [7, 7]));
    }

    [Fact]
    public async Task An_empty_recording_key_file_is_said_to_be_never_written_and_a_mended_one_is_read_on_the_next_save()
    {
        using var data = new TempDirectory();
        var keyFile = Path.Combine(data.Path, "recordings.key");
        await File.WriteAllBytesAsync(keyFile, []);
        var store = Store(data.Path);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveAsync(1, [1], CancellationToken.None));
        Assert.Contains("is empty: it was never written", refused.Message, StringComparison.Ordinal);

        // The administrator deletes it as told: the same process makes a key on its next save, without a restart.
        File.Delete(keyFile);
        await store.SaveAsync(1, [1, 2], CancellationToken.None);
        Assert.Equal([1, 2], await store.ReadAsync(1, CancellationToken.None));
    }

    [Fact]
    public void A_public_key_given_as_the_signing_key_is_refused_at_once()
    {
        using var data = new TempDirectory();
        using (var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
            File.WriteAllText(Path.Combine(data.Path, "signing-key.pem"), key.ExportSubjectPublicKeyInfoPem());
        using var signer = new EvidenceSigner(Options.Create(new EvidenceOptions()), Options.Create(new StorageOptions { DataDirectory = data.Path }));

        var refused = Assert.Throws<InvalidOperationException>(() => signer.KeyId);

        Assert.Contains("holds no private key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signing_key_file_that_holds_no_key_is_refused_naming_the_setting()
    {
        using var data = new TempDirectory();
        File.WriteAllText(Path.Combine(data.Path, "signing-key.pem"), "not a key");
        using var signer = new EvidenceSigner(Options.Create(new EvidenceOptions()), Options.Create(new StorageOptions { DataDirectory = data.Path }));

        var refused = Assert.Throws<InvalidOperationException>(() => signer.KeyId);

        Assert.Contains("Evidence:SigningKeyPath", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task New_keys_and_recordings_are_readable_by_their_owner_only()
    {
        using var data = new TempDirectory();
        using var signer = new EvidenceSigner(Options.Create(new EvidenceOptions()), Options.Create(new StorageOptions { DataDirectory = data.Path }));
        _ = signer.KeyId;
        await Store(data.Path).SaveAsync(1, [1], CancellationToken.None);

        foreach (var file in Directory.GetFiles(data.Path, "*", SearchOption.AllDirectories))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void A_directory_s_entries_are_flushed_and_one_that_cannot_be_opened_is_heard()
    {
        using var data = new TempDirectory();
        Host.Common.DirectoryEntries.Flush(data.Path);

        // It really opens the directory (a flush that did nothing would not notice it is missing).
        var missing = Path.Combine(data.Path, "gone");
        var refused = Assert.Throws<IOException>(() => Host.Common.DirectoryEntries.Flush(missing));
        Assert.Contains(missing, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>On a thread of its own (as each instance would be), released with the others at once.</summary>
    private static Task Together(Barrier start, Action act) => Task.Factory.StartNew(() =>
    {
        start.SignalAndWait();
        act();
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static RecordingStore Store(string dataDirectory) => new(Options.Create(new StorageOptions { DataDirectory = dataDirectory }));
}
