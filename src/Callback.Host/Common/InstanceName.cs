using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Callback.Host.Common;

/// <summary>
/// This instance among several (<c>Instance:Name</c>, default the machine's name): the leases of scheduled work, the
/// import jobs and the folder their uploads are spooled to carry it, so that one instance starting again never takes
/// over, fails or deletes what another is doing. Give each instance its own, and keep it across restarts.
/// </summary>
public sealed record InstanceName(string Value)
{
    /// <summary>As long as the database's columns that hold it allow.</summary>
    public const int MaxLength = 128;

    public static InstanceName From(IConfiguration configuration)
    {
        var name = configuration?["Instance:Name"] is { Length: > 0 } configured ? configured : Environment.MachineName;
        if (name.Length > MaxLength)
            throw new OptionsValidationException("Instance", typeof(InstanceName), [$"Instance:Name must be at most {MaxLength} characters (it is {name.Length})."]);
        return new InstanceName(name);
    }

    /// <summary>
    /// The name as a folder name inside the uploads folder: ASCII letters, digits, '.', '-' and '_' as they are, anything
    /// else '_'; a name that had to change gets a short hash of itself, so that two names never share a folder.
    /// </summary>
    public string FolderName
    {
        get
        {
            var safe = string.Concat(Value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')).TrimStart('.');
            return safe.Length > 0 && safe == Value
                ? safe
                : $"{safe}~{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Value)))[..8]}";
        }
    }
}
