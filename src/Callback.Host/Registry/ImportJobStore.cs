using Callback.Persistence;
using Callback.Persistence.Registry;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Registry;

/// <summary>Keeps each import job's state and outcome in the database, so that how a job ended survives a restart.</summary>
public sealed class ImportJobStore(IServiceScopeFactory scopes, TimeProvider time)
{
    public const string Interrupted = "interrupted";

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
        record.Version = job.Report?.Version;
        record.ErrorCode = job.ErrorCode;
        record.ErrorMessage = job.ErrorMessage;
        record.FinishedAt = job.State is ImportJobState.Succeeded or ImportJobState.Failed ? time.GetUtcNow() : null;
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

    /// <summary>At start: jobs that were queued or running when the process stopped failed, and say why.</summary>
    public async Task<int> FailInterruptedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        return await db.ImportJobs.Where(j => j.State == "queued" || j.State == "running").ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, "failed")
            .SetProperty(j => j.ErrorCode, Interrupted)
            .SetProperty(j => j.ErrorMessage, "Callback 在导入完成前停止了，数据库未作任何更改；上传的文件已删除，请重新上传")
            .SetProperty(j => j.FinishedAt, time.GetUtcNow()), ct);
    }
}
