using Callback.Host.Common;
using Callback.Persistence;
using Callback.Persistence.Registry;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Registry;

/// <summary>Keeps each import job's state and outcome in the database, so that how a job ended survives a restart.</summary>
public sealed class ImportJobStore(IServiceScopeFactory scopes, Common.InstanceName instance, TimeProvider time)
{
    public const string Interrupted = "interrupted";
    public const string PreviewExpired = "preview-expired";
    public const string OnAnotherInstance = "import-on-another-instance";
    public const string Abandoned = "abandoned";

    /// <summary>
    /// How long an unfinished job of another instance is left to it: far longer than any import or preview lasts, so
    /// that only the jobs of an instance that never came back (renamed, scaled down) are taken as abandoned.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromDays(1);

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
                TotalBytes = job.TotalBytes, CreatedAt = job.CreatedAt, State = "", Instance = instance.Value,
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
    /// The refusal for a job this instance does not hold in memory: another instance's that is not finished (409,
    /// naming it: the request must reach the instance that received the file), or none at all (404).
    /// </summary>
    public static RequestRefusedException NotFound(Guid id) =>
        RequestRefusedException.NotFound("import-job-not-found", $"导入任务 {id} 不存在");

    public async Task<RequestRefusedException> NotHereAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var record = await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
        if (record is { Instance: { } holder } && holder != instance.Value && record.State is "queued" or "running" or "previewed")
        {
            return RequestRefusedException.Conflict(OnAnotherInstance,
                $"导入任务 {id} 由另一台服务器（实例 {holder}）处理，上传的文件在那里：请在同一台服务器上查看和确认（负载均衡需保持会话粘滞）");
        }

        if (record is { ErrorCode: PreviewExpired })
            return RequestRefusedException.Conflict(PreviewExpired, record.ErrorMessage ?? "预览已失效：请重新上传");
        return record is null
            ? NotFound(id)
            : RequestRefusedException.Conflict("not-previewed",
                $"导入任务 {id} 当前状态为 {record.State}，不是等待确认的预览：只有预览可以确认、重新预览或放弃");
    }

    /// <summary>Another instance's unfinished jobs older than <see cref="AbandonedAfter"/>: failed as abandoned. Returns how many.</summary>
    public async Task<int> FailAbandonedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var cutoff = time.GetUtcNow() - AbandonedAfter;
        // Few rows (unfinished jobs only); instants are compared here, as SQLite's SQL cannot.
        var unfinished = await db.ImportJobs.Where(j => j.Instance != null && j.Instance != instance.Value
            && (j.State == "queued" || j.State == "running" || j.State == "previewed")).ToListAsync(ct);
        var abandoned = unfinished.Where(j => j.CreatedAt < cutoff).ToList();
        foreach (var job in abandoned)
        {
            job.State = "failed";
            job.ErrorCode = Abandoned;
            job.ErrorMessage = $"处理这次导入的服务器（实例 {job.Instance}）已超过一天没有完成它，视为放弃，上传的文件已删除：请重新上传";
            job.FinishedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(ct);
        return abandoned.Count;
    }

    /// <summary>
    /// At start: this instance's jobs (and those from before instances were named) that were queued or running when
    /// it stopped failed, and say why; its previews waiting for confirmation expired (their files are deleted at
    /// start). Another instance's jobs are its own business: it may be importing right now.
    /// </summary>
    public async Task<int> FailInterruptedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        var mine = db.ImportJobs.Where(j => j.Instance == instance.Value || j.Instance == null);
        var interrupted = await mine.Where(j => j.State == "queued" || j.State == "running").ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, "failed")
            .SetProperty(j => j.ErrorCode, Interrupted)
            .SetProperty(j => j.ErrorMessage, "Callback 在导入完成前停止了，数据库未作任何更改；上传的文件已删除，请重新上传")
            .SetProperty(j => j.FinishedAt, time.GetUtcNow()), ct);
        var expired = await mine.Where(j => j.State == "previewed").ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, "failed")
            .SetProperty(j => j.ErrorCode, PreviewExpired)
            .SetProperty(j => j.ErrorMessage, "Callback 重启后，等待确认的预览已失效，上传的文件已删除：请重新上传")
            .SetProperty(j => j.FinishedAt, time.GetUtcNow()), ct);
        return interrupted + expired;
    }
}
