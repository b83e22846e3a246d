namespace Callback.Host.Common;

/// <summary>
/// This instance among several (<c>Instance:Name</c>, default the machine's name): the leases of scheduled work, the
/// import jobs and the folder their uploads are spooled to carry it, so that one instance starting again never takes
/// over, fails or deletes what another is doing.
/// </summary>
public sealed record InstanceName(string Value)
{
    public static InstanceName From(IConfiguration configuration) =>
        new(configuration?["Instance:Name"] is { Length: > 0 } name ? name : Environment.MachineName);

    /// <summary>The name as a folder name: anything but ASCII letters, digits, '.', '-' and '_' becomes '_'.</summary>
    public string FolderName => string.Concat(Value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')).TrimStart('.') is { Length: > 0 } folder
        ? folder
        : "_";
}
