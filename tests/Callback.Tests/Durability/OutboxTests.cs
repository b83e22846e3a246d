using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Host.Web.Live;
using Callback.Persistence;
using Callback.Tests.Calls;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Durability;

/// <summary>Events are written with the change they tell of and published after the commit, at least once, each with its id.</summary>
public sealed class OutboxTests
{
    [Fact]
    public async Task An_event_of_a_step_that_fails_is_never_written_nor_heard()
    {
        await using var server = await CallbackServer.StartAsync();
        var heard = new List<InspectionEvent>();
        using var console = server.Services.GetRequiredService<ConsoleFeed>().Subscribe(1, ["150100"], e =>
        {
            lock (heard)
                heard.Add(e);
            return Task.CompletedTask;
        });
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var events = scope.ServiceProvider.GetRequiredService<InspectionEvents>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<UnitOfWork>().RunAsync(async () =>
            {
                await events.PublishAsync(1, "150100", new ScorecardChanged());
                throw new InvalidOperationException("the step fails after its event");
            }, CancellationToken.None));
        }

        await server.Services.GetRequiredService<OutboxPublisher>().PublishPendingAsync(CancellationToken.None);
        await using var check = server.Services.CreateAsyncScope();
        Assert.Equal(0, await check.ServiceProvider.GetRequiredService<CallbackDbContext>().OutboxEvents.CountAsync(e => e.Kind == "scorecard-changed"));
        lock (heard)
            Assert.Empty(heard);
    }

    [Fact]
    public async Task Events_left_unpublished_by_a_crash_are_published_when_the_process_is_back_and_carry_their_id()
    {
        var clock = new ShanghaiMorningClock();
        var (first, admin, sample) = await SimulatedCallTests.DrawnAsync(clock);
        var directory = first.Detach();
        int inspection;
        Guid left;
        using (admin)
        {
            inspection = int.Parse(sample.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
            await using (var scope = first.Services.CreateAsyncScope())
            {
                // Committed with its change, the process gone before it was pushed: as a kill between the two leaves it.
                var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
                var stored = OutboxMessages.Of(inspection, "150100", new ScorecardChanged(), DateTimeOffset.UtcNow);
                db.OutboxEvents.Add(stored);
                await db.SaveChangesAsync();
                left = stored.EventId;
            }
        }

        await first.DisposeAsync();
        using (directory)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            await using var second = await CallbackServer.StartOnAsync(directory, clock);
            using var supervisor = await second.UserAsync("supervisor");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            // Whether pushed before this listener came or after, the event is marked published under its own id.
            for (var i = 0; i < 400; i++)
            {
                await using var scope = second.Services.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().OutboxEvents.AnyAsync(e => e.EventId == left && e.PublishedAt != null))
                    break;
                await Task.Delay(50);
            }

            await using var check = second.Services.CreateAsyncScope();
            Assert.True(await check.ServiceProvider.GetRequiredService<CallbackDbContext>().OutboxEvents.AnyAsync(e => e.EventId == left && e.PublishedAt != null));

            // A change now reaches a hub listener with its event id.
            using var socket = await HubSocket.ConnectAsync(second, supervisor, timeout.Token);
            await HubSocket.SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":[{{inspection}}]}""", timeout.Token);
            await HubSocket.ReceiveAsync(socket, timeout.Token);
            using var admin2 = await second.AdministratorAsync();
            await admin2.PostJsonAsync($"/api/inspections/{inspection}/units/150100/sample/1/attempts", new { disposition = "no-answer", note = "座机无人接" }, 201);
            JsonElement change;
            do
            {
                change = JsonDocument.Parse(await HubSocket.ReceiveAsync(socket, timeout.Token)).RootElement;
            }
            while (change.GetProperty("type").GetInt32() != 1 || change.GetProperty("arguments")[0].GetProperty("kind").GetString() != "attempt-recorded");
            Assert.True(Guid.TryParse(change.GetProperty("arguments")[0].GetProperty("id").GetString(), out var id) && id != Guid.Empty);
        }
    }
}
