using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Callback.Host.Registry;

/// <summary>Uploaded files queue here for the import runner; jobs stay readable for their progress and report.</summary>
public sealed class ImportJobQueue
{
    private readonly Channel<ImportJob> _channel = Channel.CreateUnbounded<ImportJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();

    public void Enqueue(ImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _jobs[job.Id] = job;
        _channel.Writer.TryWrite(job);
    }

    public ImportJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    public IAsyncEnumerable<ImportJob> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);
}
