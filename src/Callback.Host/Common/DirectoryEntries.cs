using System.Runtime.InteropServices;

namespace Callback.Host.Common;

/// <summary>
/// Makes a directory's entries (a file's new name, or a rename over another) survive a power cut. A file's own flush
/// covers its content, not its name: POSIX asks for the directory itself to be flushed too, or after a power cut the
/// database may record a recording's seal while the disk still holds the name's earlier state.
/// .NET does not open directories, so libc is called; on other systems (only Debian is supported) it does nothing.
/// </summary>
internal static partial class DirectoryEntries
{
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var descriptor = Open(directory, ReadOnly);
        if (descriptor < 0)
            throw new IOException($"{directory}: cannot be opened to flush its entries to disk (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(descriptor) != 0)
                throw new IOException($"{directory}: its entries could not be flushed to disk (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private const int ReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
