using System.Security.Cryptography;
using System.Text;

namespace Callback.Domain.Sampling;

/// <summary>
/// The published draw `callback-sample-v1` (sampling-v1.md): every member of the population gets the key
/// HMAC-SHA256(seed, unit + "|" + member); the population ordered by key gives the sample (first n) and the
/// reserves (next r). Anyone can recompute it from the seed and the registry.
/// </summary>
public static class SampleDraw
{
    public const string Algorithm = "callback-sample-v1";
    public const int MinimumSeedLength = 16;

    /// <summary>Draws from a population of normalised certificate numbers (or county codes).</summary>
    public static DrawResult Draw(string seed, string unit, IEnumerable<string> population, int n, int r)
    {
        ArgumentNullException.ThrowIfNull(population);
        return Draw(seed, unit, population.Select(Encoding.UTF8.GetBytes).ToList(), n, r);
    }

    /// <summary>
    /// The same draw over members given as their UTF-8 bytes, as a database reads them: a unit's population is
    /// hashed, keyed and sorted without ever becoming a hundred thousand strings.
    /// </summary>
    public static DrawResult Draw(string seed, string unit, IReadOnlyList<byte[]> population, int n, int r)
    {
        ArgumentNullException.ThrowIfNull(population);
        using var drawer = new SampleDrawer(seed, unit, n, r);
        foreach (var member in population)
            drawer.Add(member);
        return drawer.Complete();
    }

    /// <summary>The key of one member, as lowercase hex (what the contract publishes).</summary>
    public static string Key(string seed, string unit, string member)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(seed), Encoding.UTF8.GetBytes(unit + "|" + member)));
    }

    /// <summary>SHA-256 of the ordinally sorted members, each followed by a line feed.</summary>
    public static string PopulationHash(IEnumerable<string> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return PopulationHash(members.Select(Encoding.UTF8.GetBytes).ToList());
    }

    public static string PopulationHash(IReadOnlyList<byte[]> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        ReadOnlySpan<byte> lineFeed = "\n"u8;
        foreach (var member in OrdinalSorted(members))
        {
            sha.AppendData(member);
            sha.AppendData(lineFeed);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>
    /// Members (UTF-8) in ordinal string order. Certificate numbers (17 digits, a digit or X, two digits) sort as
    /// packed integers, which orders them exactly as ordinal comparison does ('0' &lt; … &lt; '9' &lt; 'X') at a
    /// fraction of the cost; anything else sorts as .NET ordinal strings.
    /// </summary>
    public static IReadOnlyList<byte[]> OrdinalSorted(IReadOnlyList<byte[]> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var packed = new (ulong Digits, uint Tail, int Index)[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            if (!TryPack(members[i], out var digits, out var tail))
                return [.. members.Select(m => Encoding.UTF8.GetString(m)).Order(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes)];
            packed[i] = (digits, tail, i);
        }

        Array.Sort(packed, static (a, b) => a.Digits != b.Digits ? a.Digits.CompareTo(b.Digits) : a.Tail.CompareTo(b.Tail));
        var sorted = new byte[members.Count][];
        for (var i = 0; i < packed.Length; i++)
            sorted[i] = members[packed[i].Index];
        return sorted;
    }

    public static string[] OrdinalSorted(IEnumerable<string> members) =>
        [.. OrdinalSorted(members.Select(Encoding.UTF8.GetBytes).ToList()).Select(m => Encoding.UTF8.GetString(m))];

    internal static bool TryPack(byte[] member, out ulong digits, out uint tail)
    {
        digits = 0;
        tail = 0;
        if (member.Length != 20)
            return false;
        for (var i = 0; i < 17; i++)
        {
            if (member[i] is < (byte)'0' or > (byte)'9')
                return false;
            digits = (digits * 10) + (uint)(member[i] - '0');
        }

        var check = member[17] == 'X' ? 10u : member[17] is >= (byte)'0' and <= (byte)'9' ? (uint)(member[17] - '0') : uint.MaxValue;
        if (check == uint.MaxValue || member[18] is < (byte)'0' or > (byte)'9' || member[19] is < (byte)'0' or > (byte)'9')
            return false;
        tail = (check * 100) + ((uint)(member[18] - '0') * 10) + (uint)(member[19] - '0');
        return true;
    }

    /// <summary>The commitment an inspection may publish before its draw: lowercase hex SHA-256 of the seed.</summary>
    public static string Commitment(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));
    }

    public static void ValidateSeed(string? seed)
    {
        if (seed is null || seed.Length < MinimumSeedLength)
            throw new DrawException("seed-too-short", $"种子至少需要 {MinimumSeedLength} 个字符（当前 {seed?.Length ?? 0} 个）");
    }
}

/// <summary>What a draw publishes: population size and hash, the sample and the reserves in order.</summary>
public sealed record DrawResult(string Algorithm, string Unit, int PopulationSize, string PopulationHash,
    IReadOnlyList<string> Sample, IReadOnlyList<string> Reserves);

/// <summary>A draw refused: a short seed, a seed that does not match its commitment, a unit not in the inspection.</summary>
public sealed class DrawException : Exception
{
    public DrawException(string code, string message)
        : base(message) => Code = code;

    public DrawException()
        : this("draw-refused", "抽取被拒绝") { }

    public DrawException(string message)
        : this("draw-refused", message) { }

    public DrawException(string message, Exception inner)
        : base(message, inner) => Code = "draw-refused";

    public string Code { get; }
}
