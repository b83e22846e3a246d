namespace Callback.Host.Configuration;

/// <summary>Where Callback keeps its data: the SQLite database, uploads in progress, later recordings.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Relative paths are taken from the directory Callback is started in.</summary>
    public string DataDirectory { get; set; } = ".data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string UploadsDirectory => Path.Combine(FullDataDirectory, "uploads");
}
