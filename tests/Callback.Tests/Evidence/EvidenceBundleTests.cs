using System.IO.Compression;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Callback.Domain.Demo;
using Callback.Domain.Regions;
using Callback.Host.CommandLine;
using Callback.Host.Evidence;
using Callback.Persistence;
using Callback.Tests.Calls;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Evidence;

/// <summary>
/// A unit's evidence bundle checked as the unit would check it, offline: it holds as downloaded, and every alteration —
/// a byte in any file, a finding removed, the chain reordered, a score changed, a wrong registry export, a wrong key —
/// is detected and named. A finding edited directly in the database is caught at home too.
/// </summary>
public sealed class EvidenceBundleTests
{
    private sealed record Prepared(CallbackServer Server, HttpClient Admin, string Unit, byte[] Bundle, string CentreKey, byte[] Export, decimal Item44) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Admin.Dispose();
            await Server.DisposeAsync();
        }
    }

    /// <summary>Three persons called and judged, the scorecard locked, the bundle downloaded.</summary>
    private static async Task<Prepared> PrepareAsync(ShanghaiMorningClock clock, bool lockScorecard = true)
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync(clock);
        var unit = sample[..sample.LastIndexOf('/')];
        for (var position = 1; position <= 3; position++)
        {
            await SimulatedCallTests.CallAsync(server, admin, sample, position, null);
            await SimulatedCallTests.JudgeCooperativeAsync(admin, sample, position);
        }

        if (lockScorecard)
            await admin.PostJsonAsync($"{unit}/lock", new { }, 200);
        var scorecard = await admin.GetFromJsonAsync<JsonElement>($"{unit}/scorecard");
        var item44 = scorecard.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "4.4").GetProperty("score").GetDecimal();
        var bundle = await admin.GetByteArrayAsync(new Uri($"{unit}/evidence.zip", UriKind.Relative));
        var key = await admin.GetStringAsync(new Uri("/api/evidence/public-key", UriKind.Relative));
        // The registry export the demo registry was seeded from: the same generator, seed and day.
        using var csv = new StringWriter();
        new SyntheticRegistryGenerator(RegionCatalog.InnerMongolia).WriteCsv(csv, 600, DateOnly.FromDateTime(clock.GetLocalNow().Date));
        return new(server, admin, unit, bundle, key, Encoding.UTF8.GetBytes(csv.ToString()), item44);
    }

    private static BundleReport Verify(byte[] bundle, string? key, byte[]? export = null)
    {
        using var stream = new MemoryStream(bundle);
        using var registry = export is null ? null : new MemoryStream(export);
        return BundleVerifier.Verify(stream, key, registry);
    }

    private static Dictionary<string, byte[]> Files(byte[] bundle)
    {
        using var zip = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e =>
        {
            return e.FullName;
        }, e =>
        {
            using var s = e.Open();
            using var copy = new MemoryStream();
            s.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private static byte[] Zip(Dictionary<string, byte[]> files)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var s = zip.CreateEntry(path).Open();
                s.Write(content);
            }
        }

        return output.ToArray();
    }

    /// <summary>What someone who wants a different score would do: change files, rehash the manifest, sign it with their own key.</summary>
    private static byte[] Forged(Dictionary<string, byte[]> files)
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var manifest = JsonNode.Parse(files["manifest.json"])!;
        files["public-key.pem"] = Encoding.ASCII.GetBytes(forger.ExportSubjectPublicKeyInfoPem());
        foreach (var file in manifest["files"]!.AsArray())
        {
            var content = files[file!["path"]!.GetValue<string>()];
            file["sha256"] = Convert.ToHexStringLower(SHA256.HashData(content));
            file["bytes"] = content.Length;
        }

        files["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        files["manifest.sig"] = Encoding.ASCII.GetBytes(Convert.ToBase64String(
            forger.SignData(files["manifest.json"], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
        return Zip(files);
    }

    [Fact]
    public async Task A_bundle_holds_as_downloaded_and_every_single_byte_change_in_any_file_is_detected()
    {
        await using var p = await PrepareAsync(new ShanghaiMorningClock());

        var report = Verify(p.Bundle, p.CentreKey, p.Export);
        Assert.True(report.Holds, string.Join("\n", report.Discrepancies));
        Assert.Equal(p.Item44, report.Item44);
        Assert.Equal(3, report.FindingEntries);

        // No whole certificate or phone number in a masked bundle.
        var files = Files(p.Bundle);
        Assert.Equal(["README.txt", "chain-head.json", "draw.json", "findings.jsonl", "manifest.json", "manifest.sig", "persons.json", "public-key.pem", "scorecard.json"], files.Keys.Order(StringComparer.Ordinal));
        var text = string.Concat(files.Values.Select(Encoding.UTF8.GetString));
        Assert.DoesNotMatch(@"1501\d{14}", text);
        Assert.DoesNotMatch(@"\+86\d{11}", text);

        foreach (var (path, content) in files)
        {
            for (var at = 0; at < content.Length; at += Math.Max(1, content.Length / 7))
            {
                var altered = new Dictionary<string, byte[]>(files) { [path] = [.. content] };
                altered[path][at] ^= 0x01;
                Assert.False(Verify(Zip(altered), p.CentreKey).Holds, $"{path} byte {at}");
            }
        }
    }

    [Fact]
    public async Task A_removed_finding_a_reordered_chain_a_changed_score_a_wrong_export_and_a_wrong_key_are_each_named()
    {
        await using var p = await PrepareAsync(new ShanghaiMorningClock());
        var lines = Encoding.UTF8.GetString(Files(p.Bundle)["findings.jsonl"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Re-signed by a forger: the bundle's own key verifies, the chain and the score do not.
        var removed = Files(p.Bundle);
        removed["findings.jsonl"] = Encoding.UTF8.GetBytes(lines[0] + "\n" + lines[2] + "\n");
        var reordered = Files(p.Bundle);
        reordered["findings.jsonl"] = Encoding.UTF8.GetBytes(lines[1] + "\n" + lines[0] + "\n" + lines[2] + "\n");
        var rescored = Files(p.Bundle);
        var scorecard = JsonNode.Parse(rescored["scorecard.json"])!;
        var item = scorecard["items"]!.AsArray().Single(i => i!["code"]!.GetValue<string>() == "4.4")!;
        item["score"] = item["score"]!.GetValue<decimal>() == 20 ? 18 : 20;
        rescored["scorecard.json"] = Encoding.UTF8.GetBytes(scorecard.ToJsonString());

        var codes = (byte[] bundle, string? key) => Verify(bundle, key).Discrepancies.Select(d => d.Code).ToList();
        Assert.Contains("chain-link-broken", codes(Forged(removed), null));
        Assert.Contains("chain-head-moved", codes(Forged(removed), null));
        Assert.Contains("chain-link-broken", codes(Forged(reordered), null));
        Assert.Contains("score-mismatch", codes(Forged(rescored), null));
        // With the centre's key, the forgery itself is named.
        Assert.Contains("public-key-mismatch", codes(Forged(rescored), p.CentreKey));
        Assert.Contains("signature-invalid", codes(Forged(rescored), p.CentreKey));

        // A wrong public key, and a registry export other than the one drawn from.
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Contains("signature-invalid", codes(p.Bundle, stranger.ExportSubjectPublicKeyInfoPem()));
        // One person of the unit (county 1501xx) left out of the export.
        var rows = Encoding.UTF8.GetString(p.Export).Split('\n');
        var dropped = Array.FindIndex(rows, 1, r => r.Contains(",15010", StringComparison.Ordinal));
        var other = rows.Where((_, i) => i != dropped).ToArray();
        var wrongExport = Verify(p.Bundle, p.CentreKey, Encoding.UTF8.GetBytes(string.Join('\n', other)));
        Assert.Contains(wrongExport.Discrepancies, d => d.Code is "population-mismatch" or "draw-mismatch");
    }

    [Fact]
    public async Task The_command_line_exits_zero_on_a_bundle_that_holds_and_one_on_an_altered_bundle()
    {
        await using var p = await PrepareAsync(new ShanghaiMorningClock(), lockScorecard: false);
        using var directory = new TempDirectory();
        var bundle = Path.Combine(directory.Path, "bundle.zip");
        var key = Path.Combine(directory.Path, "centre.pem");
        var export = Path.Combine(directory.Path, "registry.csv");
        await File.WriteAllBytesAsync(bundle, p.Bundle);
        await File.WriteAllTextAsync(key, p.CentreKey);
        await File.WriteAllBytesAsync(export, p.Export);

        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await CallbackCommandLine.InvokeAsync(["verify-bundle", bundle, "--public-key", key, "--registry", export], output, error));
        Assert.Contains("证据包完整", output.ToString(), StringComparison.Ordinal);

        var files = Files(p.Bundle);
        files["draw.json"][10] ^= 0x20;
        await File.WriteAllBytesAsync(bundle, Zip(files));
        using var json = new StringWriter();
        Assert.Equal(1, await CallbackCommandLine.InvokeAsync(["verify-bundle", bundle, "--public-key", key, "--json"], json, error));
        var report = JsonDocument.Parse(json.ToString()).RootElement;
        Assert.Contains(report.GetProperty("discrepancies").EnumerateArray(), d => d.GetProperty("code").GetString() == "file-altered" && d.GetProperty("file").GetString() == "draw.json");
        Assert.Equal(2, await CallbackCommandLine.InvokeAsync(["verify-bundle", Path.Combine(directory.Path, "missing.zip")], output, error));

        // The inspection's download: one signed bundle per unit, each holding on its own.
        var inspection = p.Unit.Split('/')[3];
        var all = Files(await p.Admin.GetByteArrayAsync(new Uri($"/api/inspections/{inspection}/evidence.zip", UriKind.Relative)));
        Assert.Equal(["units/150100.zip"], all.Keys);
        Assert.True(Verify(all["units/150100.zip"], p.CentreKey, p.Export).Holds);
    }

    [Fact]
    public async Task A_finding_changed_directly_in_the_database_is_caught_and_the_scorecard_will_not_lock()
    {
        await using var p = await PrepareAsync(new ShanghaiMorningClock(), lockScorecard: false);
        await using (var scope = p.Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<EvidenceChain>().VerifyAllAsync(CancellationToken.None));
            await db.Database.ExecuteSqlRawAsync("UPDATE \"FindingEntries\" SET \"Verdict\" = 1, \"DifferingFields\" = NULL WHERE \"Id\" = 2");
            var broken = Assert.Single(await scope.ServiceProvider.GetRequiredService<EvidenceChain>().VerifyAllAsync(CancellationToken.None));
            Assert.Equal(("150100", "chain-entry-altered", 2L), (broken.UnitCode, broken.Problems[0].Code, broken.Problems[0].EntryId));
        }

        Assert.Equal("evidence-chain-broken", (await p.Admin.PostJsonAsync($"{p.Unit}/lock", new { }, 409)).Code());
    }

    [Fact]
    public async Task A_chain_rewritten_after_the_lock_no_longer_matches_the_signed_head()
    {
        await using var p = await PrepareAsync(new ShanghaiMorningClock());
        await using var scope = p.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        // Whoever holds the database rewrites the whole chain consistently: every hash recomputed.
        var entries = await db.FindingEntries.OrderBy(f => f.Id).ToListAsync();
        entries[0].Reason = "改写";
        var previous = Callback.Domain.Evidence.FindingChain.Genesis;
        foreach (var entry in entries)
        {
            Callback.Domain.Evidence.FindingChain.Seal(entry, previous);
            previous = entry.Hash!;
        }

        // The unique link index needs the old links gone first: written one by one through SQL.
        foreach (var entry in entries)
            await db.Database.ExecuteSqlAsync($"UPDATE \"FindingEntries\" SET \"Reason\" = {entry.Reason}, \"Hash\" = {entry.Hash}, \"PreviousHash\" = {entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)} WHERE \"Id\" = {entry.Id}");
        foreach (var entry in entries)
            await db.Database.ExecuteSqlAsync($"UPDATE \"FindingEntries\" SET \"PreviousHash\" = {entry.PreviousHash} WHERE \"Id\" = {entry.Id}");

        var problems = Assert.Single(await scope.ServiceProvider.GetRequiredService<EvidenceChain>().VerifyAllAsync(CancellationToken.None)).Problems;
        Assert.Equal(["chain-head-moved"], problems.Select(x => x.Code));
    }

    [Fact]
    public async Task The_audio_travels_only_for_a_listener_and_must_be_what_its_seal_was_taken_of()
    {
        await using var p = await PrepareAsync(new ShanghaiMorningClock(), lockScorecard: false);
        var processor = p.Server.Services.GetRequiredService<Callback.Host.Recordings.RecordingProcessor>();
        for (var i = 0; i < 200 && processor.Pending > 0; i++)
            await Task.Delay(25);
        using var inspector = await p.Server.UserAsync("inspector", "audio-inspector", "150200");
        await p.Admin.PostJsonAsync($"/api/inspections/{p.Unit.Split('/')[3]}/inspectors", new { userName = "audio-inspector", unitCode = "150100" }, 201);

        // Inspectors are not the recordings policy's listeners.
        var refused = await inspector.GetAsync(new Uri($"{p.Unit}/evidence.zip?audio=true", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("not-a-listener", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var bundle = await p.Admin.GetByteArrayAsync(new Uri($"{p.Unit}/evidence.zip?audio=true", UriKind.Relative));
        var files = Files(bundle);
        var recordings = files.Keys.Where(k => k.StartsWith("recordings/", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, recordings.Count);
        Assert.True(Verify(bundle, p.CentreKey).Holds);

        // The audio altered (and the manifest re-signed by a forger): it no longer matches its call's seal.
        files[recordings[0]] = [.. files[recordings[0]]];
        files[recordings[0]][100] ^= 0x01;
        Assert.Contains(Verify(Forged(files), null).Discrepancies, d => d.Code == "recording-seal-mismatch" && d.File == recordings[0]);
    }
}
