using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Callback.Domain.Evidence;
using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Domain.Sampling;

namespace Callback.Host.Evidence;

/// <summary>One thing in a bundle that does not hold: the file, the entry, what was expected and what was found.</summary>
public sealed record Discrepancy(string Code, string File, string Entry, string Expected, string Found);

/// <summary>What a check of a bundle found; <see cref="Holds"/> when nothing.</summary>
public sealed record BundleReport(string Unit, int Inspection, string KeyId, int FindingEntries, decimal? Item44, IReadOnlyList<Discrepancy> Discrepancies)
{
    public bool Holds => Discrepancies.Count == 0;
}

/// <summary>
/// Checks an evidence bundle with nothing but the bundle (and, if given, the centre's public key and the registry
/// export the draw was taken from): the signature over the manifest, every file's SHA-256, the findings chain and its
/// signed head, item 4.4 recomputed from the findings (−2 per untruthful record, floor 0) against the scorecard, and
/// the draw re-derived with callback-sample-v1. No database, no network.
/// </summary>
public static class BundleVerifier
{
    private const decimal PerUntruthful = 2m;

    public static BundleReport Verify(Stream bundle, string? publicKeyPem = null, Stream? registryExport = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var found = new List<Discrepancy>();
        using var zip = new ZipArchive(bundle, ZipArchiveMode.Read, leaveOpen: true);
        var files = zip.Entries.ToDictionary(e => e.FullName, Read, StringComparer.Ordinal);
        if (!files.TryGetValue("manifest.json", out var manifestBytes) || !files.TryGetValue("manifest.sig", out var signature))
            return new("", 0, "", 0, null, [new("manifest-missing", "manifest.json", "", "manifest.json and manifest.sig", "absent")]);
        BundleManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BundleManifest>(manifestBytes, EvidenceBundle.Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            return new("", 0, "", 0, null, [new("manifest-unreadable", "manifest.json", "", "JSON", e.Message)]);
        }

        // The key: the centre's own when given (a bundle's own key proves only that it was not altered since signing).
        var bundledKey = files.TryGetValue("public-key.pem", out var pem) ? Encoding.ASCII.GetString(pem) : null;
        var key = publicKeyPem ?? bundledKey;
        if (publicKeyPem is not null && bundledKey is not null && Normalize(publicKeyPem) != Normalize(bundledKey))
            found.Add(new("public-key-mismatch", "public-key.pem", "", KeyIdOf(publicKeyPem), KeyIdOf(bundledKey)));
        if (key is null || !Signatures.Verify(key, manifestBytes, Encoding.ASCII.GetString(signature)))
            found.Add(new("signature-invalid", "manifest.sig", "", "a signature by " + (key is null ? "the centre's key" : KeyIdOf(key)), "none that verifies"));

        foreach (var file in manifest.Files)
        {
            if (!files.TryGetValue(file.Path, out var content))
                found.Add(new("file-missing", file.Path, "", file.Sha256, "absent"));
            else if (Convert.ToHexStringLower(SHA256.HashData(content)) is var actual && actual != file.Sha256)
                found.Add(new("file-altered", file.Path, "", file.Sha256, actual));
        }

        foreach (var extra in files.Keys.Where(p => p is not ("manifest.json" or "manifest.sig") && manifest.Files.All(f => f.Path != p)))
            found.Add(new("file-unlisted", extra, "", "not in the bundle", "present"));

        Readable("persons.json", () => CheckRecordings(files, found));
        var chain = ReadChain(files.GetValueOrDefault("findings.jsonl"), found);
        foreach (var problem in FindingChain.Verify(chain.Select(c => (c.Id, c.Entry, c.Hash))))
            found.Add(new(problem.Code, "findings.jsonl", $"id {problem.EntryId} (sequence {problem.Sequence})", problem.Expected, problem.Found));
        Readable("chain-head.json", () => CheckHead(files.GetValueOrDefault("chain-head.json"), chain, key, found));
        decimal? item44 = null;
        var drawn = true;
        Readable("draw.json", () => drawn = files.GetValueOrDefault("draw.json") is not { } d || JsonDocument.Parse(d).RootElement.GetProperty("drawn").GetBoolean());
        Readable("scorecard.json", () => item44 = CheckScore(files.GetValueOrDefault("scorecard.json"), chain, drawn, found));
        if (registryExport is not null)
            Readable("draw.json", () => CheckDraw(files.GetValueOrDefault("draw.json"), registryExport, found));

        // A file altered into something unreadable is a discrepancy like any other, not a crash of the check.
        void Readable(string file, Action check)
        {
            try
            {
                check();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
            {
                found.Add(new("file-unreadable", file, "", "the file as Callback wrote it", e.GetType().Name));
            }
        }

        return new(manifest.Unit, manifest.Inspection, key is null ? "" : KeyIdOf(key), chain.Count, item44, found);
    }

    /// <summary>Each recording carried must be the audio its call's seal was taken of.</summary>
    private static void CheckRecordings(Dictionary<string, byte[]> files, List<Discrepancy> found)
    {
        var recordings = files.Where(f => f.Key.StartsWith("recordings/", StringComparison.Ordinal)).ToList();
        if (recordings.Count == 0 || files.GetValueOrDefault("persons.json") is not { } persons)
            return;
        using var document = JsonDocument.Parse(persons);
        var seals = document.RootElement.EnumerateArray().SelectMany(p => p.GetProperty("calls").EnumerateArray())
            .Where(c => c.GetProperty("recording").ValueKind == JsonValueKind.Object)
            .ToDictionary(c => $"recordings/{c.GetProperty("id").GetInt64()}.wav", c => (c.GetProperty("recording").TryGetProperty("sha256", out var seal) ? seal : c.GetProperty("recording").GetProperty("recordingSha256")).GetString());
        foreach (var (path, audio) in recordings)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(audio));
            if (seals.GetValueOrDefault(path) is not { } seal || !string.Equals(seal, actual, StringComparison.OrdinalIgnoreCase))
                found.Add(new("recording-seal-mismatch", path, "", seals.GetValueOrDefault(path) ?? "a sealed call", actual));
        }
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static List<ChainLine> ReadChain(byte[]? log, List<Discrepancy> found)
    {
        var lines = new List<ChainLine>();
        if (log is null)
            return lines;
        var number = 0;
        foreach (var line in Encoding.UTF8.GetString(log).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            number++;
            try
            {
                lines.Add(JsonSerializer.Deserialize<ChainLine>(line, FindingChain.Json) ?? throw new JsonException("empty line"));
            }
            catch (JsonException e)
            {
                found.Add(new("chain-line-unreadable", "findings.jsonl", $"line {number}", "a chained entry", e.Message));
            }
        }

        return lines;
    }

    private static void CheckHead(byte[]? file, List<ChainLine> chain, string? key, List<Discrepancy> found)
    {
        if (file is null)
            return;
        var head = JsonSerializer.Deserialize<ChainHeadFile>(file, EvidenceBundle.Json)!;
        var last = chain.LastOrDefault()?.Hash ?? FindingChain.Genesis;
        if (head.Head != last || head.Length != chain.Count)
            found.Add(new("chain-head-moved", "chain-head.json", "head", $"{head.Head} ({head.Length} entries)", $"{last} ({chain.Count} entries)"));
        if (key is null || !Signatures.Verify(key, FindingChain.HeadStatement(head.Inspection, head.Unit, head.Head, head.Length, head.LockedAt), head.Signature))
            found.Add(new("chain-head-signature", "chain-head.json", "signature", "a signature that verifies", "none"));
    }

    /// <summary>4.4 from the findings: the latest entry per person decides; −2 for each untruthful one and each unreachable person counted so; floor 0.</summary>
    /// <param name="drawn">A unit not drawn has no 4.4 score yet (and can have no findings).</param>
    private static decimal? CheckScore(byte[]? file, List<ChainLine> chain, bool drawn, List<Discrepancy> found)
    {
        if (file is null)
        {
            found.Add(new("file-missing", "scorecard.json", "", "the scorecard", "absent"));
            return null;
        }

        using var scorecard = JsonDocument.Parse(file);
        var item = scorecard.RootElement.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("code").GetString() == "4.4");
        if (item.ValueKind != JsonValueKind.Object)
        {
            found.Add(new("item-missing", "scorecard.json", "4.4", "item 4.4", "absent"));
            return null;
        }

        var latest = chain.GroupBy(c => c.Entry.Person + "|" + c.Entry.Inspection).Select(g => g.MaxBy(c => c.Entry.Sequence)!).ToList();
        var untruthful = latest.Where(c => c.Entry.Verdict == "Untruthful").ToList();
        var deductions = item.GetProperty("deductions").EnumerateArray().ToList();
        var byFinding = deductions.Where(d => d.GetProperty("findingEntryId").ValueKind == JsonValueKind.Number).Select(d => d.GetProperty("findingEntryId").GetInt64()).ToHashSet();
        var unreachable = deductions.Count(d => d.GetProperty("findingEntryId").ValueKind != JsonValueKind.Number);
        foreach (var entry in untruthful.Where(u => !byFinding.Contains(u.Id)))
            found.Add(new("deduction-missing", "scorecard.json", $"finding {entry.Id}", "a deduction of 2 for this untruthful finding", "none"));
        foreach (var id in byFinding.Where(id => untruthful.All(u => u.Id != id)))
            found.Add(new("deduction-unfounded", "scorecard.json", $"finding {id}", "an untruthful latest finding", "none in findings.jsonl"));
        var maximum = item.GetProperty("maximum").GetDecimal();
        decimal? expected = drawn ? Math.Max(0m, maximum - (PerUntruthful * (untruthful.Count + unreachable))) : null;
        var score = item.GetProperty("score").ValueKind == JsonValueKind.Number ? item.GetProperty("score").GetDecimal() : (decimal?)null;
        if (score != expected)
            found.Add(new("score-mismatch", "scorecard.json", "4.4", expected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"));
        var items = scorecard.RootElement.GetProperty("items").EnumerateArray().Sum(i => i.GetProperty("score").ValueKind == JsonValueKind.Number ? i.GetProperty("score").GetDecimal() : 0m);
        if (scorecard.RootElement.GetProperty("total").GetDecimal() != items)
            found.Add(new("total-mismatch", "scorecard.json", "total", items.ToString(System.Globalization.CultureInfo.InvariantCulture), scorecard.RootElement.GetProperty("total").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return expected;
    }

    private static void CheckDraw(byte[]? file, Stream export, List<Discrepancy> found)
    {
        if (file is null)
        {
            found.Add(new("file-missing", "draw.json", "", "the draw certificate", "absent"));
            return;
        }

        using var draw = JsonDocument.Parse(file);
        var root = draw.RootElement;
        if (!root.GetProperty("drawn").GetBoolean())
        {
            found.Add(new("not-drawn", "draw.json", "", "a draw to re-derive", "the unit was not drawn"));
            return;
        }

        var unit = root.GetProperty("unit").GetString()!;
        var drawnOn = DateOnly.FromDateTime(root.GetProperty("drawnAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).DateTime);
        var population = RegistryPopulation.FromExport(export, unit, RegionCatalog.InnerMongolia, drawnOn);
        var derived = SampleDraw.Draw(root.GetProperty("seed").GetString()!, unit, population, root.GetProperty("n").GetInt32(), root.GetProperty("r").GetInt32());
        if (derived.PopulationHash != root.GetProperty("populationHash").GetString())
            found.Add(new("population-mismatch", "draw.json", "populationHash", root.GetProperty("populationHash").GetString()!, $"{derived.PopulationHash} ({derived.PopulationSize} persons in the export)"));
        var masked = root.GetProperty("masked").GetBoolean();
        string Show(string c) => masked ? CertificateNumber.Mask(c) : c;
        Compare("sample", derived.Sample);
        Compare("reserves", derived.Reserves);

        void Compare(string list, IReadOnlyList<string> derivedList)
        {
            var listed = root.GetProperty(list).EnumerateArray().Select(e => e.GetString()!).ToList();
            var expected = derivedList.Select(Show).ToList();
            for (var i = 0; i < Math.Max(listed.Count, expected.Count); i++)
            {
                if (i >= listed.Count || i >= expected.Count || listed[i] != expected[i])
                    found.Add(new("draw-mismatch", "draw.json", $"{list}[{i + 1}]", i < expected.Count ? expected[i] : "none", i < listed.Count ? listed[i] : "none"));
            }
        }
    }

    private static string Normalize(string pem) => string.Concat(pem.Where(c => !char.IsWhiteSpace(c)));

    private static string KeyIdOf(string pem)
    {
        try
        {
            return Signatures.KeyId(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or PlatformNotSupportedException)
        {
            return "an unreadable key";
        }
    }
}
