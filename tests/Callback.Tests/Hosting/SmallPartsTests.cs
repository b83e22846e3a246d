using Callback.Host.Recordings;
using Callback.Host.Registry;
using Callback.Tests.Support;

namespace Callback.Tests.Hosting;

public sealed class SmallPartsTests
{
    [Fact]
    public void Finished_upload_jobs_are_kept_up_to_a_bound_oldest_first_out()
    {
        var queue = new ImportJobQueue();
        var start = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
        var jobs = Enumerable.Range(0, ImportJobQueue.FinishedJobsKept + 5).Select(i => new ImportJob
        {
            Id = Guid.NewGuid(), FileName = "r.csv", SpoolPath = "/nowhere", ImportedBy = "t", CreatedAt = start.AddMinutes(i),
        }).ToList();
        foreach (var job in jobs)
        {
            queue.Enqueue(job);
            job.State = ImportJobState.Succeeded;
        }

        Assert.Null(queue.Find(jobs[0].Id));
        Assert.NotNull(queue.Find(jobs[^1].Id));
        Assert.Equal(ImportJobQueue.FinishedJobsKept, jobs.Count(j => queue.Find(j.Id) is not null));
    }

    [Fact]
    public void A_recording_policy_that_cannot_be_enforced_is_refused_with_its_problems()
    {
        using var directory = new TempDirectory();
        var path = directory.File("policy.json");
        File.WriteAllText(path, """{"retentionDays":0,"listenerRoles":["everyone"],"deleteAtProvider":true,"deletionCheckHours":24,"minimumSeconds":2,"silenceDecibels":-50}""");

        var error = Assert.Throws<InvalidOperationException>(() => RecordingPolicy.Load(path));

        Assert.Contains("retentionDays", error.Message, StringComparison.Ordinal);
        Assert.Contains("listenerRoles", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_recording_policy_keeps_recordings_180_days_for_administrators_and_supervisors()
    {
        var policy = RecordingPolicy.Load(Path.Combine(AppContext.BaseDirectory, "recordings-policy", "policy.json"));

        Assert.Equal(180, policy.RetentionDays);
        Assert.Equal(["administrator", "supervisor"], policy.ListenerRoles);
        Assert.True(policy.DeleteAtProvider);
    }
}
