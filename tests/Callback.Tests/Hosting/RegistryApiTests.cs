using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Hosting;

public sealed class RegistryApiTests
{
    [Theory]
    [InlineData("/api/registry/persons")]
    [InlineData("/api/registry/versions")]
    [InlineData("/api/registry/persons/15010519740427431862/history")]
    [InlineData("/api/regions/units")]
    public async Task Personal_data_needs_a_signed_in_user(string path)
    {
        await using var server = await CallbackServer.StartAsync();
        using var client = server.Anonymous();

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Inspectors_cannot_browse_the_registry_and_only_administrators_import()
    {
        await using var server = await CallbackServer.StartAsync();
        using var inspector = await server.UserAsync("inspector");
        using var supervisor = await server.UserAsync("supervisor");

        Assert.Equal(HttpStatusCode.Forbidden, (await inspector.GetAsync(new Uri("/api/registry/persons", UriKind.Relative))).StatusCode);
        using var upload = new ByteArrayContent(File.ReadAllBytes(Fixtures.PathOf("registry-bad-rows.csv")));
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsync(new Uri("/api/registry/imports", UriKind.Relative), upload)).StatusCode);
    }

    [Fact]
    public async Task Supervisors_see_certificate_and_phone_numbers_masked_administrators_whole()
    {
        await using var server = await CallbackServer.StartAsync();
        using var supervisor = await server.UserAsync("supervisor");
        using var admin = await server.AdministratorAsync();

        var masked = (await supervisor.GetFromJsonAsync<JsonElement>("/api/registry/persons?pageSize=5")).GetProperty("items")[0];
        var whole = (await admin.GetFromJsonAsync<JsonElement>("/api/registry/persons?pageSize=5")).GetProperty("items")[0];

        Assert.Contains("****", masked.GetProperty("certificate").GetString(), StringComparison.Ordinal);
        Assert.Contains("***", masked.GetProperty("phones")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, masked.GetProperty("phoneWritten").ValueKind);
        Assert.Matches("^[0-9]{17}[0-9X][1-7][1-4]$", whole.GetProperty("certificate").GetString());
        Assert.Matches(@"^\+86[0-9]+$", whole.GetProperty("phones")[0].GetString());
    }

    [Fact]
    public async Task An_upload_is_imported_in_the_background_with_progress_and_its_report()
    {
        // On a demo installation: a real export clears its units' demo persons without asking for confirmation.
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();
        using var form = new MultipartFormDataContent();
        using var file = new ByteArrayContent(File.ReadAllBytes(Fixtures.PathOf("registry-bad-rows.csv")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "registry-bad-rows.csv");

        var accepted = await admin.PostAsync(new Uri("/api/registry/imports", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var job = await WaitForJobAsync(admin, accepted.Headers.Location!);

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal(100.0, job.GetProperty("percent").GetDouble());
        var report = job.GetProperty("report");
        Assert.Equal(25, report.GetProperty("rowsRead").GetInt32());
        Assert.Equal(13, report.GetProperty("rejected").GetInt32());
        Assert.Equal("registry-bad-rows.csv", report.GetProperty("fileName").GetString());
        // The markup in a name is JSON-escaped, never sent as live markup.
        var raw = await admin.GetStringAsync(new Uri($"/api/registry/persons/15220219910817515243", UriKind.Relative));
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_that_is_no_spreadsheet_fails_with_its_reason_and_changes_nothing()
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();
        using var body = new ByteArrayContent([0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 0, 0]);

        var accepted = await admin.PostAsync(new Uri("/api/registry/imports?fileName=photo.png", UriKind.Relative), body);
        var job = await WaitForJobAsync(admin, accepted.Headers.Location!);

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Equal("not-a-spreadsheet", job.GetProperty("errorCode").GetString());
        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/registry/versions");
        Assert.Equal(1, versions.GetArrayLength());
        Assert.Empty(Directory.GetFiles(Path.Combine(server.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_before_it_is_read()
    {
        await using var server = await CallbackServer.StartAsync("--Import:MaxUploadBytes=1000");
        using var admin = await server.AdministratorAsync();
        using var body = new ByteArrayContent(new byte[200_000]);

        var response = await admin.PostAsync(new Uri("/api/registry/imports?fileName=big.csv", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("file-too-large", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(server.DataDirectory, "uploads"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Uploads_left_behind_by_a_restart_are_deleted_at_start_but_not_another_instances()
    {
        var first = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false");
        var data = first.Detach();
        await first.DisposeAsync();
        var uploads = Path.Combine(data.Path, "uploads");
        var leftovers = new[] { uploads, Path.Combine(uploads, "web-1") }.Select(folder => Path.Combine(folder, "0123456789abcdef.upload")).ToList();
        var anothers = Path.Combine(uploads, "web-2", "0123456789abcdef.upload");
        foreach (var file in leftovers.Append(anothers))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, Fixtures.Header + "\n" + Fixtures.ValidRow + "\n");
        }

        // Its own (and one from before instances had folders) go; web-2's may be an import running right now.
        await using (await CallbackServer.StartOnAsync(data, null, "--Demo:SeedOnFirstStart=false", "--Instance:Name=web-1"))
        {
            Assert.All(leftovers, file => Assert.False(File.Exists(file)));
            Assert.True(File.Exists(anothers));
        }

        data.Dispose();
    }

    [Fact]
    public async Task What_an_instance_that_never_came_back_left_is_failed_and_deleted_after_a_day_and_nothing_younger()
    {
        var first = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false", "--Instance:Name=web-1");
        var gone = Guid.NewGuid();
        var young = Guid.NewGuid();
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Callback.Persistence.CallbackDbContext>();
            var now = TimeProvider.System.GetUtcNow();
            db.ImportJobs.Add(new Callback.Persistence.Registry.ImportJobRecord { Id = gone, FileName = "a.csv", ImportedBy = "admin", State = "previewed", Instance = "web-gone", CreatedAt = now.AddDays(-2) });
            db.ImportJobs.Add(new Callback.Persistence.Registry.ImportJobRecord { Id = young, FileName = "b.csv", ImportedBy = "admin", State = "running", Instance = "web-2", CreatedAt = now.AddHours(-2) });
            await db.SaveChangesAsync();
        }

        var data = first.Detach();
        await first.DisposeAsync();
        var stale = Path.Combine(data.Path, "uploads", "web-gone", "0123456789abcdef.upload");
        var fresh = Path.Combine(data.Path, "uploads", "web-2", "fedcba9876543210.upload");
        foreach (var file in new[] { stale, fresh })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, Fixtures.Header + "\n" + Fixtures.ValidRow + "\n");
        }

        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        await using (var again = await CallbackServer.StartOnAsync(data, null, "--Demo:SeedOnFirstStart=false", "--Instance:Name=web-1"))
        {
            using var admin = await again.AdministratorAsync();
            var abandoned = await admin.GetFromJsonAsync<JsonElement>($"/api/registry/imports/{gone}");
            Assert.Equal(("failed", "abandoned"), (abandoned.GetProperty("state").GetString(), abandoned.GetProperty("errorCode").GetString()));
            Assert.Contains("web-gone", abandoned.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
            Assert.Equal("running", (await admin.GetFromJsonAsync<JsonElement>($"/api/registry/imports/{young}")).GetProperty("state").GetString());
            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(fresh));
        }

        data.Dispose();
    }

    [Fact]
    public async Task A_person_can_be_read_at_each_registry_version()
    {
        await using var server = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false");
        using var admin = await server.AdministratorAsync();
        var row = Fixtures.ValidRow;
        await ImportTextAsync(admin, Fixtures.Header + "\n" + row + "\n");
        await ImportTextAsync(admin, Fixtures.Header + "\n" + row.Replace("已就业,农村种养加", "未就业,", StringComparison.Ordinal) + "\n");

        var v1 = await admin.GetFromJsonAsync<JsonElement>("/api/registry/persons/15010519740427431862?version=1");
        var v2 = await admin.GetFromJsonAsync<JsonElement>("/api/registry/persons/15010519740427431862?version=2");
        var history = await admin.GetFromJsonAsync<JsonElement>("/api/registry/persons/15010519740427431862/history");

        Assert.Equal("已就业", v1.GetProperty("employmentStatus").GetString());
        Assert.Equal("未就业", v2.GetProperty("employmentStatus").GetString());
        Assert.Equal(2, history.GetArrayLength());
    }

    private static async Task ImportTextAsync(HttpClient admin, string csv)
    {
        using var body = new StringContent(csv);
        var accepted = await admin.PostAsync(new Uri("/api/registry/imports?fileName=r.csv", UriKind.Relative), body);
        var job = await WaitForJobAsync(admin, accepted.Headers.Location!);
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
    }

    private static async Task<JsonElement> WaitForJobAsync(HttpClient client, Uri location)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var job = await client.GetFromJsonAsync<JsonElement>(location);
            if (job.GetProperty("state").GetString() is "succeeded" or "failed")
                return job;
            await Task.Delay(50);
        }

        throw new TimeoutException("The import job did not finish in 15 s.");
    }
}
