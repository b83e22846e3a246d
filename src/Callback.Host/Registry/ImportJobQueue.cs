using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Callback.Host.Registry;

/// <summary>Uploaded files queue here for the import runner; jobs stay readable for their progress and report.</summary>
public sealed class ImportJobQueue
{
    private readonly Channel<ImportJob> _channel = Channel.CreateUnbounded<ImportJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();

    /// <summary>Finished jobs kept for their reports; the oldest go first (every report is also stored with its version).</summary>
    public const int FinishedJobsKept = 100;

    public void Enqueue(ImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var finished = _jobs.Values.Where(j => j.IsFinished).OrderBy(j => j.CreatedAt).ToList();
        foreach (var old in finished.Take(Math.Max(0, finished.Count - FinishedJobsKept + 1)))
            _jobs.TryRemove(old.Id, out _);
        _jobs[job.Id] = job;
        _channel.Writer.TryWrite(job);
    }

    /// <summary>Previews waiting for their confirmation.</summary>
    public IReadOnlyList<ImportJob> Previewed() => [.. _jobs.Values.Where(j => j.State == ImportJobState.Previewed)];

    public ImportJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    public IAsyncEnumerable<ImportJob> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
