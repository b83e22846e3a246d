using System.Text;
using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Domain.Registry.Import;
using Callback.Persistence.Registry;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Callback.Tests.Registry;

/// <summary>A league's export is a snapshot of its scope: whoever of the scope is absent has left the registry.</summary>
public sealed class ImportScopeTests
{
    private const string Hohhot = "150100";
    private const string Baotou = "150200";

    private static readonly string[] Sample = File.ReadAllLines(Fixtures.PathOf("registry-sample.csv"), Encoding.UTF8)[1..];

    private static string UnitOf(string row) => RegionCatalog.InnerMongolia.FindCounty(row.Split(',')[5])!.UnitCode;

    private static string CertificateOf(string row) => row.Split(',')[2];

    private static string[] RowsOf(string unit) => [.. Sample.Where(r => UnitOf(r) == unit)];

    private static MemoryStream Csv(IEnumerable<string> rows) => Fixtures.CsvRows([.. rows]);

    private static ImportRequest Request(ImportScope? scope = null, bool dryRun = false, bool confirm = false) =>
        new("registry.csv", "test") { Scope = scope ?? ImportScope.OfRows, DryRun = dryRun, ConfirmRemovals = confirm };

    [Fact]
    public async Task Reimporting_a_leagues_export_with_ten_persons_missing_closes_exactly_those_ten_and_keeps_the_earlier_version()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var hohhot = RowsOf(Hohhot);
        await harness.ImportAsync(Csv(hohhot), Request(ImportScope.OfUnits([Hohhot])));
        var populationBefore = await harness.QueryAsync((_, q) => q.PopulationAsync(Hohhot, 1));
        var missing = hohhot.Where((_, i) => i % 25 == 3).Take(10).ToArray();

        var report = await harness.ImportAsync(Csv(hohhot.Except(missing)), Request(ImportScope.OfUnits([Hohhot])));

        Assert.Equal(10, report.Removed);
        Assert.Equal(0, report.Added + report.Changed + report.Rejected);
        var unit = Assert.Single(report.Units);
        Assert.Equal((Hohhot, hohhot.Length, 10, true), (unit.Unit, unit.PersonsBefore, unit.Removed, unit.InScope));
        var closed = await harness.QueryAsync((db, _) => db.PersonRevisions.Where(p => p.ValidToVersion == 2).Select(p => p.CertificateNumber).ToListAsync());
        Assert.Equal(missing.Select(CertificateOf).Order(), closed.Order());
        // The draw from version 1 sees exactly what it saw: the same members (it orders them itself; engines need not).
        Assert.Equal(populationBefore.Select(Convert.ToHexString).Order(),
            (await harness.QueryAsync((_, q) => q.PopulationAsync(Hohhot, 1))).Select(Convert.ToHexString).Order());
        Assert.Equal(hohhot.Length - 10, (await harness.QueryAsync((_, q) => q.PopulationAsync(Hohhot, 2))).Count);
        // Their history stays readable, and the version records what it did.
        var history = await harness.QueryAsync((_, q) => q.HistoryAsync(CertificateOf(missing[0])));
        Assert.Equal(2, Assert.Single(history).ValidToVersion);
        var version = await harness.QueryAsync((_, q) => q.VersionAsync(2));
        Assert.Equal((10, Hohhot), (version!.Removed, version.Scope));
    }

    [Fact]
    public async Task A_person_who_comes_back_after_being_removed_is_added_again()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var hohhot = RowsOf(Hohhot);
        await harness.ImportAsync(Csv(hohhot), Request());
        await harness.ImportAsync(Csv(hohhot.Skip(1)), Request());

        var back = await harness.ImportAsync(Csv(hohhot), Request());

        Assert.Equal((1, 0), (back.Added, back.Removed));
        Assert.Equal(2, (await harness.QueryAsync((_, q) => q.HistoryAsync(CertificateOf(hohhot[0])))).Count);
    }

    [Fact]
    public async Task Without_a_stated_scope_the_units_of_the_rows_are_the_scope_and_other_units_are_left_alone()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Csv(RowsOf(Hohhot).Concat(RowsOf(Baotou))), Request());
        var hohhot = RowsOf(Hohhot);

        var report = await harness.ImportAsync(Csv(hohhot.Skip(5)), Request());

        Assert.Equal("rows", report.Scope);
        Assert.Equal([Hohhot], report.ProposedScope);
        Assert.Equal(5, report.Removed);
        var baotou = Assert.Single(report.Units, u => u.Unit == Baotou);
        Assert.Equal((0, RowsOf(Baotou).Length, 0, false), (baotou.Rows, baotou.PersonsBefore, baotou.Removed, baotou.InScope));
        Assert.Equal(RowsOf(Baotou).Length, (await harness.QueryAsync((_, q) => q.PopulationAsync(Baotou, 2))).Count);
    }

    [Fact]
    public async Task Rows_outside_a_stated_scope_are_refused_with_their_own_code_and_their_persons_kept()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Csv(RowsOf(Hohhot).Concat(RowsOf(Baotou))), Request());
        var stray = RowsOf(Baotou)[0];

        var report = await harness.ImportAsync(Csv(RowsOf(Hohhot).Append(stray)), Request(ImportScope.OfUnits([Hohhot])));

        var rejected = Assert.Single(report.RejectedRows);
        Assert.Equal(RowProblemCodes.OutsideScope, rejected.Code);
        Assert.Contains("包头市", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("呼和浩特市", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(0, report.Removed);
        Assert.Equal([Hohhot, Baotou], report.ProposedScope);
        Assert.Equal(RowsOf(Baotou).Length, (await harness.QueryAsync((_, q) => q.PopulationAsync(Baotou, 2))).Count);
    }

    [Fact]
    public async Task A_person_whose_row_is_refused_is_still_in_the_export_and_is_not_removed()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var hohhot = RowsOf(Hohhot);
        await harness.ImportAsync(Csv(hohhot), Request());
        var cells = hohhot[0].Split(',');
        cells[1] = "未知"; // sex
        var refused = string.Join(',', cells);

        var report = await harness.ImportAsync(Csv(hohhot.Skip(1).Prepend(refused)), Request());

        Assert.Equal(1, report.Rejected);
        Assert.Equal(0, report.Removed);
        Assert.NotNull(await harness.QueryAsync((_, q) => q.PersonAtVersionAsync(CertificateOf(hohhot[0]), 2)));
    }

    [Fact]
    public async Task The_whole_province_as_scope_removes_the_persons_of_units_the_file_does_not_mention_once_confirmed()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportAsync(Csv(RowsOf(Hohhot).Concat(RowsOf(Baotou))), Request());

        var refused = await Assert.ThrowsAsync<RegistryFileException>(() => harness.ImportAsync(Csv(RowsOf(Hohhot)), Request(ImportScope.Province)));
        Assert.Equal(FileProblemCodes.RemovalNeedsConfirmation, refused.Code);
        Assert.Contains("包头市（150200）", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RowsOf(Baotou).Length, refused.Report!.Removed);
        Assert.Single(await harness.QueryAsync((_, q) => q.VersionsAsync()));

        var report = await harness.ImportAsync(Csv(RowsOf(Hohhot)), Request(ImportScope.Province, confirm: true));

        Assert.Equal(RowsOf(Baotou).Length, report.Removed);
        Assert.True(report.RemovalsConfirmed);
        Assert.Empty(await harness.QueryAsync((_, q) => q.PopulationAsync(Baotou, 2)));
    }

    [Theory]
    [InlineData(20, false)]
    [InlineData(21, true)]
    public async Task Removing_more_than_a_fifth_of_a_units_persons_needs_confirming_and_writes_nothing_until_then(int percent, bool refused)
    {
        await using var harness = await ImportHarness.CreateAsync();
        var rows = RowsOf(Hohhot).Take(100).ToArray();
        await harness.ImportAsync(Csv(rows), Request());
        var persons = await harness.QueryAsync((db, _) => db.PersonRevisions.CountAsync());

        var import = () => harness.ImportAsync(Csv(rows.Skip(percent)), Request());

        if (refused)
        {
            var e = await Assert.ThrowsAsync<RegistryFileException>(import);
            Assert.Equal(FileProblemCodes.RemovalNeedsConfirmation, e.Code);
            Assert.Contains("21%", e.Message, StringComparison.Ordinal);
            Assert.True(e.Report!.RemovalNeedsConfirmation);
            Assert.Single(await harness.QueryAsync((_, q) => q.VersionsAsync()));
            Assert.Equal(persons, await harness.QueryAsync((db, _) => db.PersonRevisions.CountAsync(p => p.ValidToVersion == null)));
        }
        else
        {
            Assert.Equal(percent, (await import()).Removed);
        }
    }

    [Fact]
    public async Task A_dry_run_counts_what_the_import_would_do_and_writes_nothing()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var hohhot = RowsOf(Hohhot);
        await harness.ImportAsync(Csv(hohhot.Skip(10)), Request());
        var cells = hohhot[20].Split(',');
        cells[8] = cells[8] == "已就业" ? "未就业" : "已就业";
        cells[9] = cells[8] == "已就业" ? "按比例就业" : "";
        cells[10] = cells[8] == "已就业" ? "某公司" : "";
        cells[11] = cells[8] == "已就业" ? "" : "其他";
        var file = hohhot.Take(10).Concat(hohhot.Skip(11).Take(9)).Append(string.Join(',', cells)).Concat(hohhot.Skip(21)).ToArray();
        var before = await harness.QueryAsync((db, _) => db.PersonRevisions.CountAsync());

        var preview = await harness.ImportAsync(Csv(file), Request(dryRun: true));

        Assert.True(preview.DryRun);
        Assert.Equal(0, preview.Version);
        Assert.Equal((10, 1, 1), (preview.Added, preview.Changed, preview.Removed));
        Assert.Equal(before, await harness.QueryAsync((db, _) => db.PersonRevisions.CountAsync()));
        Assert.Single(await harness.QueryAsync((_, q) => q.VersionsAsync()));

        // The import itself then does exactly what the preview said.
        var imported = await harness.ImportAsync(Csv(file), Request());
        Assert.Equal((preview.Added, preview.Changed, preview.Unchanged, preview.Removed, preview.Rejected),
            (imported.Added, imported.Changed, imported.Unchanged, imported.Removed, imported.Rejected));
    }

    [Theory]
    [InlineData("province", "province")]
    [InlineData("150000", "province")]
    [InlineData("", "rows")]
    [InlineData("150200，150100", "150100,150200")]
    public void A_scope_is_read_as_clerks_write_it(string text, string expected)
    {
        Assert.Equal(expected, ImportScope.Parse(text, RegionCatalog.InnerMongolia, out var error)!.ToString());
        Assert.Null(error);
    }

    [Fact]
    public void A_scope_naming_something_that_is_not_a_unit_is_refused_naming_it()
    {
        Assert.Null(ImportScope.Parse("150100,150105", RegionCatalog.InnerMongolia, out var error));
        Assert.Contains("150105", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_export_clears_the_demo_persons_of_its_scope_without_asking_and_a_demo_file_never_removes_a_real_person()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var hohhot = RowsOf(Hohhot);
        await harness.ImportAsync(Csv(hohhot.Take(100)), Request() with { Synthetic = true });

        var real = await harness.ImportAsync(Csv(hohhot.Skip(100).Take(50)), Request());

        Assert.Equal(100, real.Removed);
        var unit = Assert.Single(real.Units);
        Assert.Equal((0, 0, 100), (unit.PersonsBefore, unit.Removed, unit.SyntheticRemoved));
        Assert.False(real.RemovalNeedsConfirmation);
        Assert.Equal(50, (await harness.QueryAsync((_, q) => q.PopulationAsync(Hohhot, 2))).Count);

        var demo = await harness.ImportAsync(Csv(hohhot.Take(10)), Request(ImportScope.Province) with { Synthetic = true });

        Assert.Equal(0, demo.Removed);
        Assert.Equal(60, (await harness.QueryAsync((_, q) => q.PopulationAsync(Hohhot, 3))).Count);
    }
}
