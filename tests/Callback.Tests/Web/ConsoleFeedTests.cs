using Callback.Host.Events;
using Callback.Host.Web.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callback.Tests.Web;

public sealed class ConsoleFeedTests
{
    private static InspectionEvent Change(int inspection, string? unit) => new(Guid.NewGuid(), "call-status", inspection, unit, DateTimeOffset.UnixEpoch, new CallStatusChanged(1, "ringing"));

    [Fact]
    public async Task A_console_hears_only_its_inspection_and_the_units_it_may_see_until_it_leaves()
    {
        var feed = new ConsoleFeed(NullLogger<ConsoleFeed>.Instance);
        var heard = new List<InspectionEvent>();
        var subscription = feed.Subscribe(1, ["150100"], e =>
        {
            lock (heard)
                heard.Add(e);
            return Task.CompletedTask;
        });

        feed.Publish(Change(1, "150100"));
        feed.Publish(Change(1, "150200"));
        feed.Publish(Change(2, "150100"));
        feed.Publish(Change(1, null));
        subscription.Dispose();
        feed.Publish(Change(1, "150100"));
        await Task.Delay(50);

        Assert.Equal([(1, "150100"), (1, null)], heard.Select(e => (e.InspectionId, e.UnitCode)));
    }

    [Fact]
    public void A_console_that_fails_does_not_stop_the_others_nor_the_publisher()
    {
        var feed = new ConsoleFeed(NullLogger<ConsoleFeed>.Instance);
        var heard = 0;
        using var failing = feed.Subscribe(1, ["150100"], _ => throw new InvalidOperationException("circuit gone"));
        using var working = feed.Subscribe(1, ["150100"], _ =>
        {
            Interlocked.Increment(ref heard);
            return Task.CompletedTask;
        });

        feed.Publish(Change(1, "150100"));

        Assert.Equal(1, heard);
    }

    [Fact]
    public void An_event_published_again_under_its_id_is_drawn_once_and_an_old_id_is_forgotten_in_time()
    {
        var feed = new ConsoleFeed(NullLogger<ConsoleFeed>.Instance);
        var heard = 0;
        using var console = feed.Subscribe(1, ["150100"], _ =>
        {
            Interlocked.Increment(ref heard);
            return Task.CompletedTask;
        });
        var first = Change(1, "150100");

        feed.Publish(first);
        feed.Publish(first);
        feed.Publish(first with { At = DateTimeOffset.UnixEpoch.AddSeconds(1) });
        Assert.Equal(1, heard);

        // Memory stays bounded: after as many other events as it remembers, the first id is gone.
        for (var i = 0; i < ConsoleFeed.Remembered; i++)
            feed.Publish(Change(1, "150200"));
        feed.Publish(first);
        Assert.Equal(2, heard);
    }
}
