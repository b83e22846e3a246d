using System.Security.Claims;
using Callback.Domain.Regions;
using Callback.Domain.Registry.Import;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Host.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Callback.Host.Registry;

/// <summary>
/// Uploading a registry export: straight to an import, or first as a preview that counts what the import would
/// add, change, remove and reject, then confirmed, run again with another scope, or discarded.
/// </summary>
public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/registry/imports").WithTags("Registry").RequireAuthorization(Policies.Administer);

        group.MapPost("", UploadAsync).DisableAntiforgery()
            .WithSummary("Upload a registry export (CSV or XLSX, raw body or multipart field 'file'); the import, or its preview, runs in the background.")
            .WithDescription("scope: unit codes separated by commas, or 'province'; default the units the file's rows belong to. Persons of the scope " +
                "absent from the file are removed, rows outside it refused. preview=true writes nothing and keeps the file for confirm. " +
                "An import removing more than Import:MaxRemovalShare of a unit's persons stops as a preview (removal-needs-confirmation) " +
                "unless confirmRemovals=true.");
        group.MapGet("/{id:guid}", async (Guid id, ImportJobQueue jobs, ImportJobStore store, IOptions<ImportOptions> options, CancellationToken ct) =>
                TypedResults.Ok(jobs.Find(id) is { } job ? ImportJobView.From(job, options.Value.PreviewLifetime)
                    : await store.FindAsync(id, ct) ?? throw ImportJobStore.NotFound(id)))
            .WithSummary("Progress of an upload's import or preview, and its report when done.");
        group.MapPost("/{id:guid}/confirm", ConfirmAsync)
            .WithSummary("Import a previewed upload as it was previewed (its scope); confirmRemovals=true when a unit loses more than the set share.");
        group.MapPost("/{id:guid}/preview", PreviewAgainAsync)
            .WithSummary("Preview a previewed upload again with another scope.");
        group.MapDelete("/{id:guid}", DiscardAsync)
            .WithSummary("Discard a previewed upload: its file is deleted, nothing was imported.");
        return app;
    }

    private static async Task<Accepted<ImportJobView>> UploadAsync(
        HttpRequest request, string? fileName, bool? synthetic, string? scope, bool? preview, bool? confirmRemovals,
        ClaimsPrincipal user, RegistryUpload upload, ImportJobQueue jobs, ImportJobStore store, RegionCatalog regions,
        IOptions<ImportOptions> options, TimeProvider time, CancellationToken ct)
    {
        // The scope is checked before the body is read: a typo costs nothing to upload.
        var importScope = ParseScope(scope, regions);
        // A refused upload (too large, empty, no file) surfaces as problem details through the refusal handler.
        var spooled = await upload.SpoolAsync(request, fileName, ct);
        var job = await StartAsync(spooled, importScope, synthetic == true, preview == true, confirmRemovals == true, user, jobs, store, time, ct);
        return TypedResults.Accepted($"/api/registry/imports/{job.Id}", ImportJobView.From(job, options.Value.PreviewLifetime));
    }

    /// <summary>A spooled file becomes a stored, queued import job (the API's upload and the console's).</summary>
    internal static async Task<ImportJob> StartAsync(
        RegistryUpload.Spooled spooled, ImportScope importScope, bool synthetic, bool preview, bool confirmRemovals, ClaimsPrincipal user,
        ImportJobQueue jobs, ImportJobStore store, TimeProvider time, CancellationToken ct)
    {
        var job = new ImportJob
        {
            Id = Guid.NewGuid(),
            FileName = spooled.FileName,
            SpoolPath = spooled.Path,
            ImportedBy = user.NameOrUnknown(),
            Synthetic = synthetic,
            TotalBytes = spooled.Length,
            CreatedAt = time.GetUtcNow(),
            Scope = importScope,
            Preview = preview,
            ConfirmRemovals = confirmRemovals,
        };
        await store.SaveAsync(job, ct);
        jobs.Enqueue(job);
        return job;
    }

    /// <summary>What confirming a preview may add: that the removals it shows are meant.</summary>
    public sealed record ConfirmImport(bool ConfirmRemovals);

    /// <summary>The scope to preview with: unit codes, or ["province"].</summary>
    public sealed record PreviewScope(IReadOnlyList<string> Scope);

    internal static Task<Accepted<ImportJobView>> ConfirmAsync(
        Guid id, ConfirmImport? body, ImportJobQueue jobs, ImportJobRunner runner, ImportJobStore store, IOptions<ImportOptions> options, CancellationToken ct) =>
        RequeueAsync(id, jobs, runner, store, options, job =>
        {
            job.Preview = false;
            job.ConfirmRemovals = body?.ConfirmRemovals == true;
        }, ct);

    private static Task<Accepted<ImportJobView>> PreviewAgainAsync(
        Guid id, PreviewScope body, ImportJobQueue jobs, ImportJobRunner runner, ImportJobStore store, RegionCatalog regions,
        IOptions<ImportOptions> options, CancellationToken ct)
    {
        var scope = ParseScope(string.Join(",", body.Scope ?? []), regions);
        return RequeueAsync(id, jobs, runner, store, options, job =>
        {
            job.Preview = true;
            job.Scope = scope;
        }, ct);
    }

    internal static async Task<Ok<ImportJobView>> DiscardAsync(
        Guid id, ImportJobQueue jobs, ImportJobRunner runner, ImportJobStore store, IOptions<ImportOptions> options, CancellationToken ct)
    {
        var job = await PreviewedAsync(id, jobs, runner, store, ct);
        lock (job)
        {
            EnsurePreviewed(job);
            File.Delete(job.SpoolPath);
            job.State = ImportJobState.Discarded;
        }

        await store.SaveAsync(job, ct);
        return TypedResults.Ok(ImportJobView.From(job, options.Value.PreviewLifetime));
    }

    private static async Task<Accepted<ImportJobView>> RequeueAsync(
        Guid id, ImportJobQueue jobs, ImportJobRunner runner, ImportJobStore store, IOptions<ImportOptions> options,
        Action<ImportJob> change, CancellationToken ct)
    {
        var job = await PreviewedAsync(id, jobs, runner, store, ct);
        lock (job)
        {
            // Checked again under the lock: a second click, or the sweep, may have got there first.
            EnsurePreviewed(job);
            change(job);
            job.State = ImportJobState.Queued;
            job.Progress(0, 0);
        }

        await store.SaveAsync(job, ct);
        jobs.Enqueue(job);
        return TypedResults.Accepted($"/api/registry/imports/{job.Id}", ImportJobView.From(job, options.Value.PreviewLifetime));
    }

    /// <summary>The job, which must be a preview still waiting (an expired one is ended here and refused).</summary>
    private static async Task<ImportJob> PreviewedAsync(Guid id, ImportJobQueue jobs, ImportJobRunner runner, ImportJobStore store, CancellationToken ct)
    {
        var job = jobs.Find(id) ?? throw await store.NotHereAsync(id, ct);
        if (await runner.ExpireIfDueAsync(job, ct))
            throw RequestRefusedException.Conflict(ImportJobStore.PreviewExpired, job.ErrorMessage!);
        EnsurePreviewed(job);
        return job;
    }

    private static void EnsurePreviewed(ImportJob job)
    {
        if (job.State == ImportJobState.Previewed)
            return;
        if (job.ErrorCode == ImportJobStore.PreviewExpired)
            throw RequestRefusedException.Conflict(ImportJobStore.PreviewExpired, job.ErrorMessage!);
        throw RequestRefusedException.Conflict("not-previewed",
            $"导入任务 {job.Id} 当前状态为 {job.State.ToString().ToLowerInvariant()}，不是等待确认的预览：只有预览可以确认、重新预览或放弃");
    }

    internal static ImportScope ParseScope(string? scope, RegionCatalog regions) =>
        ImportScope.Parse(scope, regions, out var error) ?? throw RequestRefusedException.BadRequest("unknown-unit", error!);
}
