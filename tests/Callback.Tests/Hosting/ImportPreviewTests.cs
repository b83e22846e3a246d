using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Callback.Domain.Regions;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Hosting;

/// <summary>Over the API an upload can be previewed, looked at with another scope, then confirmed or discarded.</summary>
public sealed class ImportPreviewTests
{
    private const string Hohhot = "150100";

    private static readonly string[] HohhotRows = [.. File.ReadAllLines(Fixtures.PathOf("registry-sample.csv"), Encoding.UTF8)[1..]
        .Where(r => RegionCatalog.InnerMongolia.FindCounty(r.Split(',')[5])!.UnitCode == Hohhot)
        .Take(100)];

    private static byte[] Csv(IEnumerable<string> rows) => Encoding.UTF8.GetBytes(Fixtures.Header + "\n" + string.Join("\n", rows) + "\n");

    private static Uri Job(JsonElement job, string tail = "") => new($"/api/registry/imports/{job.GetProperty("id").GetString()}{tail}", UriKind.Relative);

    private static async Task<int> VersionCountAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/registry/versions")).GetArrayLength();

    [Fact]
    public async Task An_import_removing_too_many_waits_as_a_preview_and_goes_in_once_the_removals_are_confirmed()
    {
        await using var server = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false");
        using var admin = await server.AdministratorAsync();
        await admin.ImportAsync(Csv(HohhotRows), "hohhot.csv");

        var waiting = await admin.ImportAsync(Csv(HohhotRows.Skip(30)), "hohhot-partial.csv", $"&scope={Hohhot}");

        Assert.Equal("previewed", waiting.GetProperty("state").GetString());
        Assert.Equal("removal-needs-confirmation", waiting.GetProperty("errorCode").GetString());
        Assert.Contains("30%", waiting.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(30, waiting.GetProperty("report").GetProperty("removed").GetInt32());
        Assert.Equal(1, await VersionCountAsync(admin));

        // Confirming without saying the removals are meant stops again; saying so imports.
        var again = await admin.PostAsJsonAsync(Job(waiting, "/confirm"), new { confirmRemovals = false });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("removal-needs-confirmation", (await admin.JobEndedAsync(Job(waiting))).GetProperty("errorCode").GetString());
        await admin.PostJsonAsync(Job(waiting, "/confirm").ToString(), new { confirmRemovals = true }, 202);
        var done = await admin.JobEndedAsync(Job(waiting));

        Assert.Equal("succeeded", done.GetProperty("state").GetString());
        Assert.Equal(2, done.GetProperty("version").GetInt64());
        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/registry/versions");
        var latest = versions.EnumerateArray().Single(v => v.GetProperty("version").GetInt64() == 2);
        Assert.Equal((30, Hohhot), (latest.GetProperty("removed").GetInt32(), latest.GetProperty("scope").GetString()));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_preview_writes_nothing_can_be_run_with_another_scope_and_discarded()
    {
        await using var server = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false");
        using var admin = await server.AdministratorAsync();

        var preview = await admin.ImportAsync(Csv(HohhotRows), "hohhot.csv", "&preview=true");

        Assert.Equal("previewed", preview.GetProperty("state").GetString());
        var report = preview.GetProperty("report");
        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.Equal(100, report.GetProperty("added").GetInt32());
        Assert.Equal([Hohhot], report.GetProperty("proposedScope").EnumerateArray().Select(u => u.GetString()));
        Assert.True(preview.TryGetProperty("previewExpiresAt", out var expires) && expires.ValueKind == JsonValueKind.String);
        Assert.Equal(0, await VersionCountAsync(admin));

        await admin.PostJsonAsync(Job(preview, "/preview").ToString(), new { scope = new[] { "150200" } }, 202);
        var rescoped = await admin.JobEndedAsync(Job(preview));
        Assert.Equal("150200", rescoped.GetProperty("scope").GetString());
        Assert.Equal(100, rescoped.GetProperty("report").GetProperty("rejected").GetInt32());
        Assert.Equal("outside-scope", rescoped.GetProperty("report").GetProperty("rejectedRows")[0].GetProperty("code").GetString());

        var discarded = await admin.DeleteFromJsonAsync<JsonElement>(Job(preview));
        Assert.Equal("discarded", discarded.GetProperty("state").GetString());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
        var refused = await admin.PostJsonAsync(Job(preview, "/confirm").ToString(), new { confirmRemovals = true }, 409);
        Assert.Equal("not-previewed", refused.Code());
        Assert.Equal(0, await VersionCountAsync(admin));
    }

    [Fact]
    public async Task A_preview_left_longer_than_its_lifetime_expires_and_its_file_goes()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:SeedOnFirstStart=false", "--Import:PreviewLifetime=00:30:00");
        using var admin = await server.AdministratorAsync();
        var preview = await admin.ImportAsync(Csv(HohhotRows), "hohhot.csv", "&preview=true");
        Assert.Single(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));

        clock.Advance(TimeSpan.FromMinutes(31));
        await server.RenewAdministratorAsync(admin);
        var refused = await admin.PostJsonAsync(Job(preview, "/confirm").ToString(), new { confirmRemovals = false }, 409);

        Assert.Equal("preview-expired", refused.Code());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
        var job = await admin.GetFromJsonAsync<JsonElement>(Job(preview));
        Assert.Equal(("failed", "preview-expired"), (job.GetProperty("state").GetString(), job.GetProperty("errorCode").GetString()));
    }

    [Fact]
    public async Task A_preview_that_cannot_be_ended_is_tried_again_and_keeps_no_other_preview_past_its_lifetime()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:SeedOnFirstStart=false", "--Import:PreviewLifetime=00:30:00");
        using var admin = await server.AdministratorAsync();
        var stuck = await admin.ImportAsync(Csv(HohhotRows.Take(50)), "first.csv", "&preview=true");
        var other = await admin.ImportAsync(Csv(HohhotRows.Skip(50)), "second.csv", "&preview=true");
        var queue = server.Services.GetRequiredService<Callback.Host.Registry.ImportJobQueue>();
        var stuckJob = queue.Previewed().Single(j => j.Id == stuck.GetProperty("id").GetGuid());
        var otherJob = queue.Previewed().Single(j => j.Id == other.GetProperty("id").GetGuid());
        // The first's file cannot be deleted (a directory stands where it was).
        File.Delete(stuckJob.SpoolPath);
        Directory.CreateDirectory(stuckJob.SpoolPath);

        clock.Advance(TimeSpan.FromMinutes(31));
        await server.Services.GetRequiredService<Callback.Host.Registry.ImportJobRunner>().SweepPreviewsOnceAsync(CancellationToken.None);

        Assert.Equal(Callback.Host.Registry.ImportJobState.Failed, otherJob.State);
        Assert.False(File.Exists(otherJob.SpoolPath));
        Assert.Equal(Callback.Host.Registry.ImportJobState.Previewed, stuckJob.State);

        // Once it can be deleted, the next pass ends it too.
        Directory.Delete(stuckJob.SpoolPath);
        await server.Services.GetRequiredService<Callback.Host.Registry.ImportJobRunner>().SweepPreviewsOnceAsync(CancellationToken.None);
        Assert.Equal(Callback.Host.Registry.ImportJobState.Failed, stuckJob.State);
        Assert.Equal("preview-expired", stuckJob.ErrorCode);
    }

    [Theory]
    [InlineData("150105")]
    [InlineData("hohhot")]
    public async Task A_scope_that_names_no_unit_is_refused_before_the_file_is_read(string scope)
    {
        await using var server = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false");
        using var admin = await server.AdministratorAsync();
        using var body = new ByteArrayContent(Csv(HohhotRows));

        var response = await admin.PostAsync(new Uri($"/api/registry/imports?fileName=x.csv&scope={scope}", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unknown-unit", problem.Code());
        Assert.Contains(scope, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
