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
        ValidateSeed(seed);
        ArgumentException.ThrowIfNullOrEmpty(unit);
        ArgumentNullException.ThrowIfNull(population);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(r);

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(seed));
        var prefix = Encoding.UTF8.GetBytes(unit + "|");
        var message = new byte[prefix.Length + 256];
        prefix.CopyTo(message, 0);
        Span<byte> key = stackalloc byte[32];

        // Only the n + r smallest keys are needed: a bounded max-heap instead of sorting the population.
        var wanted = n + r;
        var best = new PriorityQueue<Candidate, Candidate>(wanted + 1, CandidateDescending.Instance);
        var members = new List<string>();
        foreach (var member in population)
        {
            members.Add(member);
            var length = prefix.Length + Encoding.UTF8.GetBytes(member, message.AsSpan(prefix.Length));
            hmac.TryComputeHash(message.AsSpan(0, length), key, out _);
            if (wanted == 0)
                continue;
            if (best.Count < wanted)
            {
                var candidate = new Candidate(member, key.ToArray());
                best.Enqueue(candidate, candidate);
            }
            else if (key.SequenceCompareTo(best.Peek().Key) < 0)
            {
                var candidate = new Candidate(member, key.ToArray());
                best.DequeueEnqueue(candidate, candidate);
            }
        }

        var ordered = new List<Candidate>(best.Count);
        while (best.Count > 0)
            ordered.Add(best.Dequeue());
        ordered.Reverse();

        // Equal keys would need a tie-break the contract does not define; with SHA-256 they do not occur.
        return new DrawResult(
            Algorithm, unit, members.Count, PopulationHash(members),
            [.. ordered.Take(n).Select(c => c.Member)],
            [.. ordered.Skip(n).Select(c => c.Member)]);
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
        var sorted = members.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[256];
        foreach (var member in sorted)
        {
            var length = Encoding.UTF8.GetBytes(member, buffer);
            buffer[length] = (byte)'\n';
            sha.AppendData(buffer, 0, length + 1);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
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

    private sealed record Candidate(string Member, byte[] Key);

    /// <summary>Largest key first, so the heap's top is the one to drop.</summary>
    private sealed class CandidateDescending : IComparer<Candidate>
    {
        public static readonly CandidateDescending Instance = new();

        public int Compare(Candidate? x, Candidate? y) => y!.Key.AsSpan().SequenceCompareTo(x!.Key);
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
