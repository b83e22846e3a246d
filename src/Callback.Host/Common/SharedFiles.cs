namespace Callback.Host.Common;

/// <summary>
/// Files that several instances read and write on one shared volume: keys, made once by whichever instance comes
/// first, and recordings, which may be written again (two instances downloading one call). Neither is ever read half
/// written, and a crash never leaves one truncated.
/// </summary>
public static class SharedFiles
{
    /// <summary>How a file being written beside its name ends (what a crash may leave behind).</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>How many times (20 ms apart) an empty key file is read again before it is refused.</summary>
    private const int KeyWriteWaits = 100;

    /// <summary>
    /// The key in <paramref name="path"/>, made with <paramref name="create"/> when there is none yet. Instances that
    /// start together on a new path all end up with the first key written: the file is created exclusively (one of
    /// them wins), and the others wait the instant it takes the winner to write it.
    /// </summary>
    /// <remarks>
    /// Not written beside and moved: .NET's <see cref="File.Move(string, string, bool)"/> without overwriting checks
    /// for the file and then renames, so two instances could each put a key in place, one after the other.
    /// </remarks>
    /// <param name="setting">The setting that names <paramref name="path"/>, for the administrator when the file is unusable.</param>
    public static byte[] ReadOrCreateKey(string path, string setting, Func<byte[]> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        Directory.CreateDirectory(DirectoryOf(path));
        FileStream file;
        try
        {
            file = OpenNew(path, asynchronous: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Made already, by an earlier start or by another instance a moment ago.
            return ReadWhenWritten(path, setting);
        }

        byte[] key;
        try
        {
            using (file)
            {
                key = create();
                file.Write(key); // One write of a few bytes: a reader sees the file empty or whole.
                file.Flush(flushToDisk: true);
            }
        }
        catch
        {
            // Nothing was encrypted or signed with it: leave no empty key behind for every later start to trip on.
            DeleteQuietly(path);
            throw;
        }

        // Once written, the key stays whatever happens next: another instance may be using it already.
        DirectoryEntries.Flush(DirectoryOf(path));
        return key;
    }

    private static byte[] ReadWhenWritten(string path, string setting)
    {
        for (var waited = 0; ; waited++)
        {
            var key = File.ReadAllBytes(path);
            if (key.Length > 0)
                return key;
            if (waited == KeyWriteWaits)
                throw new InvalidOperationException(
                    $"{setting}: {path} is empty: it was never written (a first start cut short), so nothing was encrypted or signed with it; delete it and start again.");
            Thread.Sleep(TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> as <paramref name="path"/>, replacing what was there in one step: written beside
    /// it under a name of its own, flushed to disk, then renamed over it (and the rename flushed too). A failed write leaves
    /// the file as it was.
    /// </summary>
    public static async Task ReplaceAsync(string path, byte[] content, CancellationToken ct)
    {
        var temporary = TemporaryBeside(path);
        try
        {
            await using (var file = OpenNew(temporary, asynchronous: true))
            {
                await file.WriteAsync(content, ct);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            DirectoryEntries.Flush(DirectoryOf(path));
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>Best effort, on the way out of a failure: the failure is what the caller must hear about.</summary>
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind; a recording's is swept after an hour.
        }
    }

    private static string DirectoryOf(string path) => Path.GetDirectoryName(Path.GetFullPath(path))!;

    private static string TemporaryBeside(string path) => $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";

    // Readable and writable by this user only, from the moment it exists (keys and recordings alike).
    private static FileStream OpenNew(string path, bool asynchronous)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = asynchronous ? FileOptions.Asynchronous : FileOptions.None,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(path, options);
    }
}
