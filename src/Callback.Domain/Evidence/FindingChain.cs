using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Callback.Domain.Findings;
using Callback.Domain.Registry;

namespace Callback.Domain.Evidence;

/// <summary>
/// A finding entry as the chain hashes it (not its database id, given only once it is stored): every field that decides or explains a verdict, the person named by the
/// masked certificate number (so that the same form can travel in a bundle and be checked there), and the hash of the
/// entry before it in the unit's log. The property order is the canonical order; the JSON is written without spaces.
/// </summary>
public sealed record ChainedFinding(
    [property: JsonPropertyName("inspection")] int Inspection,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("person")] string Person,
    [property: JsonPropertyName("sequence")] int Sequence,
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("differing")] string? Differing,
    [property: JsonPropertyName("answers")] string Answers,
    [property: JsonPropertyName("comparison")] string Comparison,
    [property: JsonPropertyName("proxy")] bool Proxy,
    [property: JsonPropertyName("attempt")] long? Attempt,
    [property: JsonPropertyName("recorded_by")] string RecordedBy,
    [property: JsonPropertyName("recorded_at")] string RecordedAt,
    [property: JsonPropertyName("previous")] string Previous)
{
    public static ChainedFinding Of(FindingEntry entry, string previous)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var a = entry.Answers;
        return new(
            entry.InspectionId, entry.UnitCode, CertificateNumber.Mask(entry.CertificateNumber), entry.Sequence, entry.Verdict.ToString(),
            entry.Reason, entry.DifferingFields,
            string.Create(CultureInfo.InvariantCulture, $"{a.EmploymentStatus}|{a.EmploymentForm}|{a.Trained}|{a.TrainingYear}"),
            entry.ComparisonJson, entry.Proxy, entry.AttemptId, entry.RecordedBy,
            entry.RecordedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture), previous);
    }

    /// <summary>The canonical bytes: compact JSON in the record's order, UTF-8.</summary>
    public byte[] Canonical() => JsonSerializer.SerializeToUtf8Bytes(this, FindingChain.Json);

    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Canonical()));
}

/// <summary>A place where a chain does not hold: which entry, what was expected, what was found.</summary>
public sealed record ChainProblem(string Code, long EntryId, int Sequence, string Expected, string Found);

/// <summary>
/// The findings log of a unit as a hash chain: each entry's hash covers its content and the previous entry's hash, so
/// an entry edited, deleted or moved in the database (or in a bundle) no longer matches. It does not stop someone who
/// holds the database from rewriting the whole chain; the chain's head signed when a scorecard is locked, and kept by
/// the unit in its bundle, does.
/// </summary>
public static class FindingChain
{
    /// <summary>The "previous" of a unit's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    /// <summary>Seals an entry about to be stored after <paramref name="previousHash"/> (the unit's head, or <see cref="Genesis"/>).</summary>
    public static void Seal(FindingEntry entry, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entry.PreviousHash = previousHash;
        entry.Hash = ChainedFinding.Of(entry, previousHash).Hash();
    }

    /// <summary>Checks a unit's entries in the order they were stored (by id). Empty when the chain holds.</summary>
    public static IReadOnlyList<ChainProblem> Verify(IEnumerable<FindingEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return Verify(entries.OrderBy(e => e.Id).Select(e => (e.Id, ChainedFinding.Of(e, e.PreviousHash ?? ""), e.Hash)));
    }

    /// <summary>Checks chained entries with the hash each claims, in their order (a bundle's log, or the database's).</summary>
    public static IReadOnlyList<ChainProblem> Verify(IEnumerable<(long Id, ChainedFinding Entry, string? Hash)> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var problems = new List<ChainProblem>();
        var previous = Genesis;
        foreach (var (id, entry, claimed) in chain)
        {
            if (entry.Previous != previous)
                problems.Add(new("chain-link-broken", id, entry.Sequence, previous, entry.Previous));
            var actual = entry.Hash();
            if (claimed is null)
                problems.Add(new("chain-hash-missing", id, entry.Sequence, actual, ""));
            else if (claimed != actual)
                problems.Add(new("chain-entry-altered", id, entry.Sequence, claimed, actual));
            previous = claimed ?? actual;
        }

        return problems;
    }

    /// <summary>The head of a chain: the last entry's hash, or <see cref="Genesis"/> for an empty log.</summary>
    public static string Head(IEnumerable<FindingEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.OrderBy(e => e.Id).LastOrDefault()?.Hash ?? Genesis;
    }

    /// <summary>The text a locked scorecard's signature covers: the unit, its chain's head and length, and when.</summary>
    public static byte[] HeadStatement(int inspection, string unit, string head, int count, DateTimeOffset lockedAt) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"callback-chain-head-v1\n{inspection}\n{unit}\n{head}\n{count}\n{lockedAt.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.fffffffZ}"));
}

/// <summary>Instants that are hashed or signed.</summary>
public static class ChainInstants
{
    /// <summary>
    /// Whole microseconds: what every engine keeps (PostgreSQL's timestamps hold no finer), so that an instant read
    /// back hashes as it did when written. The clock gives ten-millionths of a second.
    /// </summary>
    public static DateTimeOffset Kept(DateTimeOffset instant) => instant.AddTicks(-(instant.Ticks % 10));
}
