using Callback.Persistence;
using Callback.Persistence.Registry;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Registry;

/// <summary>Keeps each import job's state and outcome in the database, so that how a job ended survives a restart.</summary>
public sealed class ImportJobStore(IServiceScopeFactory scopes, TimeProvider time)
{
    public const string Interrupted = "interrupted";
    public const string PreviewExpired = "preview-expired";

    public async Task SaveAsync(ImportJob job, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var record = await db.ImportJobs.FindAsync([job.Id], ct);
        if (record is null)
        {
            record = new ImportJobRecord
            {
                Id = job.Id, FileName = job.FileName, ImportedBy = job.ImportedBy, Synthetic = job.Synthetic,
                TotalBytes = job.TotalBytes, CreatedAt = job.CreatedAt, State = "",
            };
            db.ImportJobs.Add(record);
        }

        record.State = job.State.ToString().ToLowerInvariant();
        record.Scope = job.Scope.ToString();
        record.Version = job.Report is { DryRun: false, Version: > 0 } r ? r.Version : null;
        record.ErrorCode = job.ErrorCode;
        record.ErrorMessage = job.ErrorMessage;
        record.FinishedAt = job.IsFinished ? time.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A job from before the last restart: how it ended (its report is stored with its version).</summary>
    public async Task<ImportJobView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var r = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        return r is null ? null : ImportJobView.From(r);
    }

    /// <summary>
    /// At start: jobs that were queued or running when the process stopped failed, and say why; previews waiting for
    /// confirmation expired (their files are deleted at start).
    /// </summary>
    public async Task<int> FailInterruptedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var interrupted = await db.ImportJobs.Where(j => j.State == "queued" || j.State == "running").ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, "failed")
            .SetProperty(j => j.ErrorCode, Interrupted)
            .SetProperty(j => j.ErrorMessage, "Callback 在导入完成前停止了，数据库未作任何更改；上传的文件已删除，请重新上传")
            .SetProperty(j => j.FinishedAt, time.GetUtcNow()), ct);
        var expired = await db.ImportJobs.Where(j => j.State == "previewed").ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, "failed")
            .SetProperty(j => j.ErrorCode, PreviewExpired)
            .SetProperty(j => j.ErrorMessage, "Callback 重启后，等待确认的预览已失效，上传的文件已删除：请重新上传")
            .SetProperty(j => j.FinishedAt, time.GetUtcNow()), ct);
        return interrupted + expired;
    }
}
