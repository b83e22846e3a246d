using System.Text;
using Callback.Domain.Registry;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Callback.Tests.Registry;

/// <summary>Every import is a registry version; earlier states of a person stay readable.</summary>
public sealed class RegistryVersioningTests
{
    [Fact]
    public async Task Reimporting_a_changed_export_reports_added_changed_and_unchanged()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var first = await harness.ImportFixtureAsync("registry-sample.csv");
        Assert.Equal(3000, first.Added);
        Assert.Equal(0, first.Rejected);

        var (changed, changedCertificates) = ChangedCopyOfSample(changeEvery: 100, extraRows: 7);
        var second = await harness.ImportAsync(changed, "registry-sample-changed.csv");

        Assert.Equal(2, second.Version);
        Assert.Equal(3007, second.RowsRead);
        Assert.Equal(7, second.Added);
        Assert.Equal(30, second.Changed);
        Assert.Equal(2970, second.Unchanged);
        Assert.Equal(0, second.Rejected);

        // Both states of a changed person can be read, each at its own version.
        var certificate = changedCertificates[0];
        var before = await harness.QueryAsync((_, q) => q.PersonAtVersionAsync(certificate, 1));
        var after = await harness.QueryAsync((_, q) => q.PersonAtVersionAsync(certificate, 2));
        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.NotEqual(before.EmploymentStatus, after.EmploymentStatus);
        var history = await harness.QueryAsync((_, q) => q.HistoryAsync(certificate));
        Assert.Equal(2, history.Count);
        Assert.Equal(2, history[0].ValidToVersion);
        Assert.Null(history[1].ValidToVersion);

        // The registry at version 1 is exactly what the first file held.
        var atVersion1 = await harness.QueryAsync((_, q) => q.AtVersion(1).CountAsync());
        var atVersion2 = await harness.QueryAsync((_, q) => q.AtVersion(2).CountAsync());
        Assert.Equal(3000, atVersion1);
        Assert.Equal(3007, atVersion2);
    }

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing_but_records_the_version()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportFixtureAsync("registry-sample.csv");
        var again = await harness.ImportFixtureAsync("registry-sample.csv");

        Assert.Equal(0, again.Added);
        Assert.Equal(0, again.Changed);
        Assert.Equal(3000, again.Unchanged);
        var versions = await harness.QueryAsync((_, q) => q.VersionsAsync());
        Assert.Equal(2, versions.Count);
        Assert.All(versions, v => Assert.Equal(64, v.FileSha256.Length));
        Assert.Equal(versions[0].FileSha256, versions[1].FileSha256);
    }

    [Fact]
    public async Task The_file_hash_and_the_report_are_stored_with_the_version()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var report = await harness.ImportFixtureAsync("registry-bad-rows.csv");

        var version = await harness.QueryAsync((_, q) => q.VersionAsync(report.Version));
        Assert.NotNull(version);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Fixtures.PathOf("registry-bad-rows.csv"))));
        Assert.Equal(expected, version.FileSha256);
        Assert.Equal(13, version.Rejected);
        Assert.Contains("\"code\":\"id-checksum\"", version.ReportJson, StringComparison.Ordinal);
        // Certificate numbers in the stored report are masked.
        Assert.DoesNotContain("15092819990222201011", version.ReportJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_synthetic_import_marks_every_record_synthetic()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await using (var file = File.OpenRead(Fixtures.PathOf("registry-sample.csv")))
            await harness.ImportAsync(file, synthetic: true);

        var flags = await harness.QueryAsync((db, _) => db.PersonRevisions.Select(p => p.IsSynthetic).Distinct().ToListAsync());
        Assert.Equal([true], flags);
    }

    /// <summary>The sample with every n-th person's employment status flipped and some new persons appended.</summary>
    private static (MemoryStream File, List<string> Changed) ChangedCopyOfSample(int changeEvery, int extraRows)
    {
        var lines = File.ReadAllLines(Fixtures.PathOf("registry-sample.csv"), Encoding.UTF8);
        var changed = new List<string>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (i % changeEvery != 0)
                continue;
            var cells = lines[i].Split(',');
            // Flip 已就业 ↔ 未就业, keeping the row valid: employed needs a form, unemployed has none.
            if (cells[8] == "已就业")
                (cells[8], cells[9]) = ("未就业", "");
            else
                (cells[8], cells[9], cells[11]) = ("已就业", "灵活就业", "");
            lines[i] = string.Join(',', cells);
            changed.Add(cells[2]);
        }

        var generator = new Callback.Domain.Demo.SyntheticRegistryGenerator(Callback.Domain.Regions.RegionCatalog.InnerMongolia, seed: 7);
        using var extra = new StringWriter();
        generator.WriteCsv(extra, extraRows, new DateOnly(2026, 11, 1));
        var added = extra.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        var text = string.Join("\n", lines.Concat(added)) + "\n";
        return (new MemoryStream(new UTF8Encoding(true).GetBytes(text)), changed);
    }
}
