namespace Callback.Host.Configuration;

public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Largest registry file accepted over HTTP, in bytes (a million rows is about 150 MB).</summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;
}
