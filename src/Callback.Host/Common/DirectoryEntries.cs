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
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000; // O_CLOEXEC: a process started meanwhile does not inherit it.

    // Errors that say a file system cannot open or flush a directory, not that the flush failed: what it offers is the
    // files' own flushes, already made. PostgreSQL's fsync_fname ignores the same, for the same reason.
    private const int PermissionDenied = 13, BadDescriptor = 9, InvalidArgument = 22, ReadOnlyFileSystem = 30, NotSupported = 95;

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var descriptor = Open(directory, ReadOnly | CloseOnExec);
        if (descriptor < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error == PermissionDenied)
                return;
            throw new IOException($"{directory}: cannot be opened to flush its entries to disk (errno {error}).");
        }

        try
        {
            if (Fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() is var error
                && error is not (BadDescriptor or InvalidArgument or ReadOnlyFileSystem or NotSupported))
            {
                throw new IOException($"{directory}: its entries could not be flushed to disk (errno {error}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
