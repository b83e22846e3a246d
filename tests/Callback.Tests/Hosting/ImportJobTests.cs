using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Callback.Persistence;
using Callback.Persistence.Registry;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Hosting;

/// <summary>Import jobs fail alone: never the host, and how they ended survives a restart.</summary>
public sealed class ImportJobTests
{
    [Fact]
    public async Task A_job_that_runs_out_of_memory_fails_alone_and_the_next_upload_is_imported()
    {
        var failNext = 0;
        await using var server = await CallbackServer.StartWithAsync(null, null, services =>
            services.AddScoped(sp => Interlocked.Exchange(ref failNext, 0) == 1
                ? throw new OutOfMemoryException("a 4 GiB cell")
                : ActivatorUtilities.CreateInstance<RegistryImporter>(sp)), "--Demo:SeedOnFirstStart=false");
        using var admin = await server.AdministratorAsync();
        Volatile.Write(ref failNext, 1);

        var failed = await admin.ImportAsync(Fixtures.PathOf("registry-bad-rows.csv"));
        var succeeded = await admin.ImportAsync(Fixtures.PathOf("registry-bad-rows.csv"));

        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Equal("file-too-large-to-read", failed.GetProperty("errorCode").GetString());
        Assert.Equal("succeeded", succeeded.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_instance_that_starts_again_leaves_another_instances_preview_and_its_file_alone_and_sends_its_confirmation_there()
    {
        using var data = new TempDirectory();
        await using var a = await CallbackServer.StartOnAsync(data, null, "--Demo:SeedOnFirstStart=false", "--Instance:Name=web-a");
        var b = await CallbackServer.StartOnAsync(data, null, "--Demo:SeedOnFirstStart=false", "--Instance:Name=web-b");
        using var onA = await a.AdministratorAsync();
        var waiting = await onA.ImportAsync(await File.ReadAllBytesAsync(Fixtures.PathOf("registry-sample.csv")), "registry.csv", "&preview=true");
        Assert.Equal("previewed", waiting.GetProperty("state").GetString());
        var job = $"/api/registry/imports/{waiting.GetProperty("id").GetString()}";
        var spooled = Assert.Single(Directory.GetFiles(Path.Combine(data.Path, "uploads"), "*", SearchOption.AllDirectories));
        Assert.Equal("web-a", Path.GetFileName(Path.GetDirectoryName(spooled)));

        // web-b restarts while web-a's preview waits: the preview is not web-b's to expire, nor its file to delete.
        await b.DisposeAsync();
        await using var again = await CallbackServer.StartOnAsync(data, null, "--Demo:SeedOnFirstStart=false", "--Instance:Name=web-b");
        Assert.True(File.Exists(spooled));
        Assert.Equal("previewed", (await onA.GetFromJsonAsync<JsonElement>(job)).GetProperty("state").GetString());

        // Asked of web-b (a load balancer without sticky sessions), the confirmation is refused, naming where to go.
        using var onB = await again.AdministratorAsync();
        var elsewhere = await onB.PostJsonAsync($"{job}/confirm", new { confirmRemovals = false }, 409);
        Assert.Equal("import-on-another-instance", elsewhere.Code());
        Assert.Contains("web-a", elsewhere.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("import-job-not-found", (await onB.PostJsonAsync($"/api/registry/imports/{Guid.NewGuid()}/confirm", new { confirmRemovals = false }, 404)).Code());

        // On web-a it goes in.
        await onA.PostJsonAsync($"{job}/confirm", new { confirmRemovals = false }, 202);
        Assert.Equal("succeeded", (await onA.JobEndedAsync(new Uri(job, UriKind.Relative))).GetProperty("state").GetString());
        Assert.False(File.Exists(spooled));
    }

    [Theory]
    [InlineData("web-1")]
    [InlineData("callback.internal_2")]
    public void An_instance_name_that_is_a_plain_folder_name_is_its_uploads_folder(string name) =>
        Assert.Equal(name, new Callback.Host.Common.InstanceName(name).FolderName);

    [Fact]
    public void Any_other_instance_name_becomes_a_folder_name_of_its_own_that_stays_inside_the_uploads_folder()
    {
        string[] names = ["web/1", "web_1", "../etc", "..", "...", "呼和浩特-1", "包头-1", "a\\b", ""];
        var folders = names.Select(n => new Callback.Host.Common.InstanceName(n).FolderName).ToList();

        Assert.Equal(names.Length, folders.Distinct().Count());
        Assert.All(folders, f => Assert.Matches("^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$", f));
        Assert.StartsWith("web_1~", folders[0], StringComparison.Ordinal);
        Assert.Equal("web_1", folders[1]);
    }

    [Fact]
    public async Task An_instance_name_longer_than_the_database_holds_stops_the_start_with_the_reason()
    {
        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false", $"--Instance:Name={new string('a', 129)}"));
        Assert.Contains("Instance:Name must be at most 128 characters", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_job_keeps_its_error_after_a_restart_and_an_interrupted_one_says_it_was()
    {
        var first = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false");
        string failedJob;
        var interrupted = Guid.NewGuid();
        using (var admin = await first.AdministratorAsync())
        {
            var endless = Fixtures.Header + "\n" + Fixtures.ValidRow + "\n" + new string('乙', 2 * 1024 * 1024) + "\n";
            var job = await admin.ImportAsync(Encoding.UTF8.GetBytes(endless), "endless.csv");
            Assert.Equal("line-too-long", job.GetProperty("errorCode").GetString());
            failedJob = job.GetProperty("id").GetString()!;

            // A job that was running when the process died.
            await using var scope = first.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            db.ImportJobs.Add(new ImportJobRecord { Id = interrupted, FileName = "big.xlsx", ImportedBy = "admin", State = "running", TotalBytes = 1 });
            await db.SaveChangesAsync();
        }

        var data = first.Detach();
        await first.DisposeAsync();
        using var _ = data;
        await using var second = await CallbackServer.StartOnAsync(data, null, "--Demo:SeedOnFirstStart=false");
        using var again = await second.AdministratorAsync();

        var kept = await again.GetFromJsonAsync<JsonElement>($"/api/registry/imports/{failedJob}");
        Assert.Equal("failed", kept.GetProperty("state").GetString());
        Assert.Equal("line-too-long", kept.GetProperty("errorCode").GetString());
        Assert.Contains("第 3 行", kept.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        var lost = await again.GetFromJsonAsync<JsonElement>($"/api/registry/imports/{interrupted}");
        Assert.Equal("failed", lost.GetProperty("state").GetString());
        Assert.Equal("interrupted", lost.GetProperty("errorCode").GetString());

        var unknown = await again.GetAsync(new Uri($"/api/registry/imports/{Guid.NewGuid()}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("import-job-not-found", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).Code());
    }
}
