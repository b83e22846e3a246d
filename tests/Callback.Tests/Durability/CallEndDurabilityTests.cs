using System.Net.Http.Json;
using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Host.Calls;
using Callback.Host.Recordings;
using Callback.Persistence;
using Callback.Tests.Calls;
using Callback.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Durability;

/// <summary>The end of a call is one step: it happens whole or not at all, and what was interrupted is finished once.</summary>
public sealed class CallEndDurabilityTests
{
    /// <summary>Fails the save that would record a replacement, as a process dying at that moment would.</summary>
    private sealed class FailingReplacement : SaveChangesInterceptor
    {
        public bool Armed { get; set; } = true;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Armed && eventData.Context!.ChangeTracker.Entries<Domain.Findings.Replacement>().Any(e => e.State == EntityState.Added))
                throw new IOException("the process died while saving the replacement");
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task A_call_end_interrupted_before_its_replacement_leaves_nothing_half_done_and_is_finished_once_later()
    {
        var failure = new FailingReplacement();
        var clock = new ShanghaiMorningClock();
        var server = await CallbackServer.StartWithAsync(null, clock, services => services.AddSingleton<IInterceptor>(failure), "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        await using var _ = server;
        using var admin = await server.AdministratorAsync();
        var sample = await DrawAsync(admin);
        // A dead number: under replace-with-reserve its end records an attempt and gives the place to a reserve.
        var placed = await admin.PostJsonAsync($"{sample}/1/calls", new { mode = "Ivr", simulation = new { answer = "dead-number" } }, 201);
        var id = placed.GetProperty("id").GetInt64();
        await server.Services.GetRequiredService<Telephony.Simulator.SimulatorProvider>().WhenEndedAsync(placed.GetProperty("providerCallSid").GetString()!);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var call = await db.Calls.AsNoTracking().SingleAsync(c => c.Id == id);
            // Nothing of the end was kept: no terminal status, no attempt, no replacement, no event telling of them.
            Assert.False(CallStatuses.IsTerminal(call.Status));
            Assert.Null(call.AttemptId);
            Assert.Equal(0, await db.CallAttempts.CountAsync());
            Assert.Equal(0, await db.Replacements.CountAsync());
            Assert.DoesNotContain(await db.OutboxEvents.Select(e => e.Kind).ToListAsync(), k => k is "call-ended" or "attempt-recorded");
        }

        // The process is back: the reconciler asks the provider and finishes the call, exactly once however often it runs.
        failure.Armed = false;
        var reconciler = server.Services.GetRequiredService<CallReconciler>();
        Assert.Equal(1, await reconciler.ReconcileAsync(CancellationToken.None, atStart: true));
        Assert.Equal(0, await reconciler.ReconcileAsync(CancellationToken.None, atStart: true));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            var attempt = await db.CallAttempts.SingleAsync();
            Assert.Equal(id, attempt.CallId);
            Assert.Equal(attempt.Id, (await db.Calls.AsNoTracking().SingleAsync(c => c.Id == id)).AttemptId);
            Assert.Single(await db.OutboxEvents.Where(e => e.Kind == "call-ended").ToListAsync());
        }
    }

    [Fact]
    public async Task A_call_that_ended_without_becoming_an_attempt_is_finished_once_whatever_its_status()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var id = (await SimulatedCallTests.CallAsync(server, admin, sample, 1, null)).GetProperty("id").GetInt64();
            await using (var scope = server.Services.CreateAsyncScope())
            {
                // As the saves before one transaction could leave it: the status terminal, the attempt never written.
                var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
                await db.Database.ExecuteSqlAsync($"UPDATE \"Calls\" SET \"AttemptId\" = NULL, \"EndedAt\" = NULL, \"Disposition\" = NULL WHERE \"Id\" = {id}");
                await db.Database.ExecuteSqlAsync($"DELETE FROM \"CallAttempts\" WHERE \"CallId\" = {id}");
            }

            var reconciler = server.Services.GetRequiredService<CallReconciler>();
            Assert.Equal(1, await reconciler.ReconcileAsync(CancellationToken.None));
            Assert.Equal(0, await reconciler.ReconcileAsync(CancellationToken.None));

            var call = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
            Assert.Equal("completed", call.GetProperty("disposition").GetString());
            await using var check = server.Services.CreateAsyncScope();
            Assert.Equal(1, await check.ServiceProvider.GetRequiredService<CallbackDbContext>().CallAttempts.CountAsync(a => a.CallId == id));
        }
    }

    /// <summary>Another step saves the call (its recording sealed, say) between the reconciler's read and its save, once.</summary>
    /// <remarks>Written through the same connection: SQLite lets one writer at a time, and this one holds the transaction.</remarks>
    private sealed class ConcurrentCallSave : SaveChangesInterceptor
    {
        public int Armed { get; set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Armed > 0 && eventData.Context!.ChangeTracker.Entries<Call>().FirstOrDefault(e => e.State == EntityState.Modified) is { } call)
            {
                Armed--;
                var id = call.Entity.Id;
                await eventData.Context.Database.ExecuteSqlAsync($"UPDATE \"Calls\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = {id}", cancellationToken);
            }

            return await base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task A_call_saved_by_another_step_while_the_reconciler_finishes_it_is_finished_again_on_what_that_step_wrote()
    {
        var conflict = new ConcurrentCallSave();
        var server = await CallbackServer.StartWithAsync(null, new ShanghaiMorningClock(),
            services => services.AddSingleton<IInterceptor>(conflict), "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        await using var _ = server;
        using var admin = await server.AdministratorAsync();
        var sample = await DrawAsync(admin);
        var id = (await SimulatedCallTests.CallAsync(server, admin, sample, 1, null)).GetProperty("id").GetInt64();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
            await db.Database.ExecuteSqlAsync($"UPDATE \"Calls\" SET \"AttemptId\" = NULL, \"EndedAt\" = NULL, \"Disposition\" = NULL WHERE \"Id\" = {id}");
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"CallAttempts\" WHERE \"CallId\" = {id}");
        }

        // Its first save finds the call changed (and keeps nothing); the second, on what was written, finishes it.
        conflict.Armed = 1;
        Assert.Equal(1, await server.Services.GetRequiredService<CallReconciler>().ReconcileAsync(CancellationToken.None, atStart: true));
        Assert.Equal(0, conflict.Armed);
        await using var check = server.Services.CreateAsyncScope();
        Assert.Equal(1, await check.ServiceProvider.GetRequiredService<CallbackDbContext>().CallAttempts.CountAsync(a => a.CallId == id));
    }

    /// <summary>The call is saved by another step (its placement storing the sid, late under load) right after the consent is saved.</summary>
    private sealed class SaveAfterConsent : SaveChangesInterceptor
    {
        private long? _consented;

        public int Armed { get; set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            _consented = eventData.Context!.ChangeTracker.Entries<ConsentEvent>().FirstOrDefault(e => e.State == EntityState.Added)?.Entity.CallId;
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }

        public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (Armed > 0 && _consented is { } id)
            {
                Armed--;
                await eventData.Context!.Database.ExecuteSqlAsync($"UPDATE \"Calls\" SET \"Version\" = \"Version\" + 1 WHERE \"Id\" = {id}", cancellationToken);
            }

            return await base.SavedChangesAsync(eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task A_call_saved_by_another_step_right_after_the_consent_keeps_its_recording_and_the_conversation_goes_on()
    {
        var interference = new SaveAfterConsent { Armed = 1 };
        var server = await CallbackServer.StartWithAsync(null, new ShanghaiMorningClock(),
            services => services.AddSingleton<IInterceptor>(interference), "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        await using var _ = server;
        using var admin = await server.AdministratorAsync();
        var sample = await DrawAsync(admin);

        var call = await SimulatedCallTests.CallAsync(server, admin, sample, 1, null);

        Assert.Equal(0, interference.Armed);
        Assert.True(call.GetProperty("disposition").GetString() == "completed", call.ToString());
        var id = call.GetProperty("id").GetInt64();
        await SealedAsync(admin, id);
        await using var check = server.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<CallbackDbContext>();
        Assert.Single(await db.ConsentEvents.Where(c => c.CallId == id).ToListAsync());
        Assert.Single(server.Services.GetRequiredService<Telephony.Simulator.SimulatorProvider>().Operations, o => o.Kind == "start-recording");
    }

    [Fact]
    public async Task A_recording_whose_seal_was_never_saved_is_downloaded_and_sealed_by_the_sweep()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var id = (await SimulatedCallTests.CallAsync(server, admin, sample, 1, null)).GetProperty("id").GetInt64();
            var processor = server.Services.GetRequiredService<RecordingProcessor>();
            var sealedOnce = await SealedAsync(admin, id);
            await using (var scope = server.Services.CreateAsyncScope())
            {
                // As a process that died after the download and before the seal was saved leaves it.
                await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().Database.ExecuteSqlAsync(
                    $"UPDATE \"Calls\" SET \"RecordingStatus\" = 'completed', \"RecordingSha256\" = NULL, \"RecordingStoredAt\" = NULL WHERE \"Id\" = {id}");
            }

            Assert.Equal(1, await processor.SweepAsync(CancellationToken.None));
            Assert.Equal(sealedOnce, await SealedAsync(admin, id));
            Assert.Equal(0, await processor.SweepAsync(CancellationToken.None));

            // One that failed its last allowed try is left alone (and says why in the database).
            await using (var scope = server.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<CallbackDbContext>().Database.ExecuteSqlAsync(
                    $"UPDATE \"Calls\" SET \"RecordingStatus\" = 'completed', \"RecordingSha256\" = NULL, \"RecordingDownloadFailures\" = 10, \"RecordingDownloadError\" = 'HttpRequestException: 404' WHERE \"Id\" = {id}");
            }

            Assert.Equal(0, await processor.SweepAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_consented_recording_whose_status_callback_was_missed_is_fetched_from_the_provider_and_sealed()
    {
        var clock = new ShanghaiMorningClock();
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync(clock);
        await using var _ = server;
        using (admin)
        {
            var id = (await SimulatedCallTests.CallAsync(server, admin, sample, 1, null)).GetProperty("id").GetInt64();
            var sealedOnce = await SealedAsync(admin, id);
            await using (var scope = server.Services.CreateAsyncScope())
            {
                // As a process down when the provider sent the recording's callback leaves it: consented, asked for, never heard of again.
                var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
                await db.Database.ExecuteSqlAsync(
                    $"UPDATE \"Calls\" SET \"RecordingStatus\" = 'requested', \"RecordingUrl\" = NULL, \"RecordingSha256\" = NULL, \"RecordingStoredAt\" = NULL WHERE \"Id\" = {id}");
            }

            var reconciler = server.Services.GetRequiredService<CallReconciler>();
            // Just ended: its callback may still come, so a regular pass leaves it; after the grace (or at start) it is fetched.
            Assert.Equal(0, await reconciler.ReconcileRecordingsAsync(CancellationToken.None));
            await using (var scope = server.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
                var call = await db.Calls.SingleAsync(c => c.Id == id);
                call.StatusChangedAt = clock.GetUtcNow() - CallReconciler.Grace - TimeSpan.FromMinutes(1);
                await db.SaveChangesAsync();
            }

            Assert.Equal(1, await reconciler.ReconcileRecordingsAsync(CancellationToken.None));
            Assert.Equal(sealedOnce, await SealedAsync(admin, id));
            Assert.Equal(0, await reconciler.ReconcileRecordingsAsync(CancellationToken.None, atStart: true));
            var simulator = server.Services.GetRequiredService<Telephony.Simulator.SimulatorProvider>();
            Assert.Single(simulator.Operations, o => o.Kind == "fetch-recording");
        }
    }

    /// <summary>The call's seal, once its recording is sealed (the provider's webhook and the download take a moment).</summary>
    private static async Task<string> SealedAsync(HttpClient admin, long id)
    {
        for (var i = 0; i < 200; i++)
        {
            var call = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
            if (call.GetProperty("recordingStatus").GetString() == "sealed")
                return call.GetProperty("recordingSha256").GetString()!;
            await Task.Delay(50);
        }

        throw new TimeoutException($"the recording of call {id} was not sealed");
    }

    /// <summary>An inspection of 150100 with its sample drawn (ten tries a day per person); returns the sample's path.</summary>
    internal static Task<string> DrawAsync(HttpClient admin) =>
        admin.DrawInspectionAsync("电话核查", new { maxAttemptsPerDay = 10 }, SimulatedCallTests.Seed);
}
