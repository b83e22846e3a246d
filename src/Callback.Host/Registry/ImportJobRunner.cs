using Callback.Domain.Registry.Import;
using Callback.Persistence.Registry;

namespace Callback.Host.Registry;

/// <summary>
/// Runs queued imports and previews one after another, in the background. A spooled upload is deleted when its
/// import ends; a preview's is kept until it is confirmed, discarded or expires (swept every minute).
/// </summary>
public sealed partial class ImportJobRunner(
    ImportJobQueue queue, ImportJobStore store, IServiceScopeFactory scopes, Events.ImportEvents events, Common.InstanceName instance,
    Microsoft.Extensions.Options.IOptions<Configuration.StorageOptions> storage, Microsoft.Extensions.Options.IOptions<Configuration.ImportOptions> options,
    Observability.CallbackMetrics metrics, TimeProvider time, ILogger<ImportJobRunner> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.FailInterruptedAsync(cancellationToken);
        // This instance's uploads spooled before a crash or restart hold registry data and have no job any more: they
        // go (and any from before instances had folders of their own). Another instance's folder is left alone.
        foreach (var folder in new[] { storage.Value.UploadsOf(instance), storage.Value.UploadsDirectory }.Where(Directory.Exists))
        {
            foreach (var leftover in Directory.EnumerateFiles(folder))
            {
                File.Delete(leftover);
                LogLeftoverDeleted(logger, Path.GetFileName(leftover));
            }
        }

        await SweepAbandonedAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// What an instance that never came back left: its unfinished jobs failed, and the files of registry data in any
    /// other instance's uploads folder older than <see cref="ImportJobStore.AbandonedAfter"/> deleted (no import or
    /// preview lasts that long, so none of them is in use).
    /// </summary>
    public async Task SweepAbandonedAsync(CancellationToken ct)
    {
        try
        {
            await SweepAbandonedOnceAsync(ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Tried again next minute; never a reason to stop imports or the host.
            LogSweepFailed(logger, e);
        }
    }

    private async Task SweepAbandonedOnceAsync(CancellationToken ct)
    {
        var failed = await store.FailAbandonedAsync(ct);
        var deleted = 0;
        var uploads = storage.Value.UploadsDirectory;
        if (Directory.Exists(uploads))
        {
            var mine = storage.Value.UploadsOf(instance);
            foreach (var folder in Directory.EnumerateDirectories(uploads).Where(f => Path.GetFullPath(f) != Path.GetFullPath(mine)))
            {
                // File ages are the file system's, on its own clock.
                foreach (var file in Directory.EnumerateFiles(folder).Where(f => DateTime.UtcNow - File.GetLastWriteTimeUtc(f) > ImportJobStore.AbandonedAfter))
                {
                    File.Delete(file);
                    deleted++;
                }
            }
        }

        if (failed + deleted > 0)
            LogAbandoned(logger, failed, deleted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The sweep of expired import previews failed; it runs again in a minute")]
    private static partial void LogPreviewSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The preview {JobId} is past its lifetime but could not be ended; tried again in a minute")]
    private static partial void LogPreviewNotExpired(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The sweep for imports abandoned by other instances failed; it runs again in a minute")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Imports abandoned by instances that did not come back: {Jobs} jobs failed, {Files} spooled files deleted")]
    private static partial void LogAbandoned(ILogger logger, int jobs, int files);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RunJobsAsync(stoppingToken), SweepPreviewsAsync(stoppingToken));

    /// <summary>
    /// Every minute. Nothing a pass meets may end the loop: a sweep that stopped would leave every later preview's file
    /// of registry data on disk, and nobody would hear of it (the imports' loop beside it goes on).
    /// </summary>
    private async Task SweepPreviewsAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepPreviewsOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPreviewSweepFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One pass: what other instances abandoned, then the previews nobody confirmed within Import:PreviewLifetime,
    /// with their files of registry data. A preview that cannot be ended now is logged and tried at the next pass; the
    /// others still go.
    /// </summary>
    public async Task SweepPreviewsOnceAsync(CancellationToken ct)
    {
        await SweepAbandonedAsync(ct);
        foreach (var job in queue.Previewed())
        {
            try
            {
                if (await ExpireIfDueAsync(job, ct))
                    LogPreviewExpired(logger, job.Id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPreviewNotExpired(logger, e, job.Id);
            }
        }
    }

    /// <summary>
    /// Ends a preview whose time is up: its file deleted, the job failed with preview-expired. True when it did. When
    /// the job cannot be saved so, it is a preview again (its file gone), and the next pass tries again: otherwise the
    /// database would keep a preview no pass looks at any more.
    /// </summary>
    public async Task<bool> ExpireIfDueAsync(ImportJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        (string? Code, string? Message) before;
        lock (job)
        {
            if (job.State != ImportJobState.Previewed || time.GetUtcNow() < job.PreviewedAt + options.Value.PreviewLifetime)
                return false;
            File.Delete(job.SpoolPath);
            before = (job.ErrorCode, job.ErrorMessage);
            job.State = ImportJobState.Failed;
            job.ErrorCode = ImportJobStore.PreviewExpired;
            job.ErrorMessage = $"预览在 {options.Value.PreviewLifetime.TotalMinutes:0} 分钟内未确认，已失效，上传的文件已删除：请重新上传";
        }

        try
        {
            await store.SaveAsync(job, ct);
        }
        catch
        {
            lock (job)
            {
                if (job.State == ImportJobState.Failed && job.ErrorCode == ImportJobStore.PreviewExpired)
                    (job.State, job.ErrorCode, job.ErrorMessage) = (ImportJobState.Previewed, before.Code, before.Message);
            }

            throw;
        }

        await PublishAsync(job);
        return true;
    }

    private async Task RunJobsAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in queue.ReadAllAsync(stoppingToken))
        {
            // Nothing a job does may end this loop: an exception here would stop the whole host.
            try
            {
                await RunAsync(job, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Catching everything is the point: the loop serves the next job.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e, job.Id);
            }
        }
    }

    private async Task RunAsync(ImportJob job, CancellationToken stoppingToken)
    {
        job.State = ImportJobState.Running;
        (job.ErrorCode, job.ErrorMessage) = (null, null);
        await store.SaveAsync(job, stoppingToken);
        var keepFile = false;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<RegistryImporter>();
            await using var file = new FileStream(job.SpoolPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            await PublishAsync(job);
            var progress = new Progress<ImportProgress>(p =>
            {
                job.Progress(p.BytesRead, p.RowsRead);
                _ = PublishAsync(job);
            });
            var request = new ImportRequest(job.FileName, job.ImportedBy, job.Synthetic)
            {
                Limits = options.Value.Limits(),
                Scope = job.Scope,
                DryRun = job.Preview,
                ConfirmRemovals = job.ConfirmRemovals,
                MaxRemovalShare = options.Value.MaxRemovalShare,
            };
            job.Report = await importer.ImportAsync(file, request, progress, stoppingToken);
            job.Progress(job.TotalBytes, job.Report.RowsRead);
            metrics.ImportRows.Add(job.Report.RowsRead);
            keepFile = job.Preview;
            if (job.Preview)
                Preview(job);
            else
                job.State = ImportJobState.Succeeded;
        }
        catch (RegistryFileException e) when (e.Report is { } report)
        {
            // Read to the end, nothing written, removals to confirm: the job waits as a preview that says why.
            job.Report = report;
            keepFile = true;
            Preview(job);
            (job.ErrorCode, job.ErrorMessage) = (e.Code, e.Message);
        }
        catch (RegistryFileException e)
        {
            Fail(job, e.Code, e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            Fail(job, "cancelled", "Callback 正在停止，导入已取消，数据库未作任何更改");
        }
        catch (OutOfMemoryException e)
        {
            // A single allocation too large to make (the limits should have refused the file first): the
            // allocation failed, nothing else did, and the server goes on.
            LogFailed(logger, e, job.Id);
            Fail(job, "file-too-large-to-read", "文件展开后过大，无法读取，数据库未作任何更改：请检查文件是否为实名制系统导出的登记表");
        }
#pragma warning disable CA1031 // Any failure becomes the job's error; the runner goes on with the next job.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e, job.Id);
            Fail(job, "import-failed", "导入失败，数据库未作任何更改；请联系管理员查看日志");
        }
        finally
        {
            if (!keepFile)
                File.Delete(job.SpoolPath);
        }

        await store.SaveAsync(job, CancellationToken.None);
        await PublishAsync(job);
    }

    /// <summary>Pushes the job's progress to administrators following imports; a lost push loses nothing (the job can be polled).</summary>
    private async Task PublishAsync(ImportJob job)
    {
        try
        {
            await events.PublishImportAsync(new Events.ImportEvent(job.Id, job.FileName, job.State.ToString().ToLowerInvariant(),
                job.BytesRead, job.TotalBytes, job.RowsRead, job.Report?.Version, job.ErrorCode));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogPushFailed(logger, e, job.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted the leftover upload {File}: its import was lost in a restart")]
    private static partial void LogLeftoverDeleted(ILogger logger, string file);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import job {JobId}: progress could not be pushed")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, Guid jobId);

    private void Preview(ImportJob job)
    {
        job.State = ImportJobState.Previewed;
        job.PreviewedAt = time.GetUtcNow();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import job {JobId}: the preview was not confirmed in time; its upload was deleted")]
    private static partial void LogPreviewExpired(ILogger logger, Guid jobId);

    private static void Fail(ImportJob job, string code, string message)
    {
        job.ErrorCode = code;
        job.ErrorMessage = message;
        job.State = ImportJobState.Failed;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Import job {JobId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid jobId);
}
