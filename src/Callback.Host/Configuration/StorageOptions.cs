namespace Callback.Host.Configuration;

/// <summary>
/// Where Callback keeps its files: the SQLite database, uploads in progress, recordings and keys. Several instances
/// share the recordings and the keys (a shared volume for the data directory, or these paths on one).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Relative paths are taken from the directory Callback is started in.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>The encrypted recordings; empty: <c>recordings/</c> in the data directory.</summary>
    public string RecordingsDirectory { get; set; } = string.Empty;

    /// <summary>The recordings' encryption key (32 bytes, created on first use); empty: <c>recordings.key</c> in the data directory.</summary>
    public string RecordingKeyPath { get; set; } = string.Empty;

    /// <summary>ASP.NET Data Protection's keys (sign-in cookies, webhook secrets at rest); empty: <c>keys/</c> in the data directory.</summary>
    public string KeysDirectory { get; set; } = string.Empty;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string UploadsDirectory => Path.Combine(FullDataDirectory, "uploads");

    /// <summary>Where an instance spools its uploads: a folder of its own, so that another's start never deletes them.</summary>
    public string UploadsOf(Common.InstanceName instance) => Path.Combine(UploadsDirectory, instance?.FolderName ?? throw new ArgumentNullException(nameof(instance)));

    public string FullRecordingsDirectory => Or(RecordingsDirectory, "recordings");

    public string FullRecordingKeyPath => Or(RecordingKeyPath, "recordings.key");

    public string FullKeysDirectory => Or(KeysDirectory, "keys");

    private string Or(string configured, string inDataDirectory) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(FullDataDirectory, inDataDirectory) : configured);
}
