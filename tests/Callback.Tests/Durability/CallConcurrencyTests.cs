using System.Net.Http.Json;
using Callback.Host.Calls;
using Callback.Persistence;
using Callback.Tests.Calls;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Durability;

/// <summary>A call's webhooks are serialised by the database across instances, and by locks that do not pile up within one.</summary>
public sealed class CallConcurrencyTests
{
    [Fact]
    public async Task Two_writers_of_one_call_cannot_both_save_what_they_read()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var id = (await SimulatedCallTests.CallAsync(server, admin, sample, 1, null)).GetProperty("id").GetInt64();
            // Nothing else writes the call any more: its recording is sealed.
            for (var i = 0; i < 200 && (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/calls/{id}")).GetProperty("recordingStatus").GetString() != "sealed"; i++)
                await Task.Delay(50);
            await using var one = server.Services.CreateAsyncScope();
            await using var other = server.Services.CreateAsyncScope();
            var first = await one.ServiceProvider.GetRequiredService<CallbackDbContext>().Calls.SingleAsync(c => c.Id == id);
            var second = await other.ServiceProvider.GetRequiredService<CallbackDbContext>().Calls.SingleAsync(c => c.Id == id);
            var version = first.Version;

            first.FailureMessage = "written by the first";
            await one.ServiceProvider.GetRequiredService<CallbackDbContext>().SaveChangesAsync();
            Assert.Equal(version + 1, first.Version);
            second.FailureMessage = "written by the second";
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => other.ServiceProvider.GetRequiredService<CallbackDbContext>().SaveChangesAsync());

            await using var check = server.Services.CreateAsyncScope();
            Assert.Equal("written by the first", (await check.ServiceProvider.GetRequiredService<CallbackDbContext>().Calls.AsNoTracking().SingleAsync(c => c.Id == id)).FailureMessage);
        }
    }

    [Fact]
    public async Task A_calls_lock_serialises_its_webhooks_and_is_gone_once_nobody_holds_it()
    {
        var locks = new CallLocks();
        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            using (await locks.EnterAsync(i % 2, CancellationToken.None))
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                await Task.Delay(5);
                Interlocked.Decrement(ref inside);
            }
        })));

        Assert.InRange(most, 1, 2); // one per call, two calls
        Assert.Equal(0, locks.Count);

        // A wait given up leaves nothing behind either.
        using (await locks.EnterAsync(7, CancellationToken.None))
        {
            using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => locks.EnterAsync(7, cancelled.Token));
            Assert.Equal(1, locks.Count);
        }

        Assert.Equal(0, locks.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
