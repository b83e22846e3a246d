using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Callback.Audio;
using Callback.Host.Recordings;
using Callback.Telephony;
using Callback.Tests.Support;
using Callback.Telephony.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NAudio.Wave;

namespace Callback.Tests.Calls;

public sealed class RecordingTests
{
    [Fact]
    public async Task A_consented_recording_is_checked_sealed_stored_encrypted_heard_only_by_listeners_and_deleted_when_due()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var call = await SimulatedCallTests.CallAsync(server, admin, sample, 1, null);
            var id = call.GetProperty("id").GetInt64();
            var processor = server.Services.GetRequiredService<RecordingProcessor>();
            for (var i = 0; i < 200 && processor.Pending > 0; i++)
                await Task.Delay(25);
            call = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");

            Assert.Equal("sealed", call.GetProperty("recordingStatus").GetString());
            Assert.Equal(3.0, call.GetProperty("recordingSeconds").GetDouble());
            Assert.False(call.GetProperty("recordingSilent").GetBoolean());
            var audio = await admin.GetByteArrayAsync(new Uri($"/api/calls/{id}/recording", UriKind.Relative));
            Assert.Equal(call.GetProperty("recordingSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(audio)));

            // At rest the file is not the audio.
            var stored = await File.ReadAllBytesAsync(server.Services.GetRequiredService<RecordingStore>().PathOf(id));
            Assert.False(stored.AsSpan().IndexOf(audio.AsSpan(44, 64)) >= 0);

            using var inspector = await server.UserAsync("inspector");
            Assert.Equal(HttpStatusCode.Forbidden, (await inspector.GetAsync(new Uri($"/api/calls/{id}/recording", UriKind.Relative))).StatusCode);

            // 181 days on, the retention run deletes it at the provider and here, and says so.
            var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(181));
            var retention = new RecordingRetention(server.Services.GetRequiredService<IServiceScopeFactory>(), server.Services.GetRequiredService<ITelephonyProvider>(),
                server.Services.GetRequiredService<RecordingStore>(), server.Services.GetRequiredService<RecordingPolicy>(), server.Services.GetRequiredService<Callback.Host.Common.LeaseKeeper>(), later,
                NullLogger<RecordingRetention>.Instance);
            Assert.Equal(1, await retention.DeleteExpiredAsync(CancellationToken.None));
            Assert.Contains(server.Services.GetRequiredService<SimulatorProvider>().Operations, o => o.Kind == "delete-recording");
            Assert.False(File.Exists(server.Services.GetRequiredService<RecordingStore>().PathOf(id)));
            Assert.Equal(HttpStatusCode.Gone, (await admin.GetAsync(new Uri($"/api/calls/{id}/recording", UriKind.Relative))).StatusCode);
            Assert.Equal(0, await retention.DeleteExpiredAsync(CancellationToken.None));
            call = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
            Assert.Equal("deleted", call.GetProperty("recordingStatus").GetString());
            Assert.NotNull(call.GetProperty("recordingSha256").GetString());
        }
    }

    [Fact]
    public async Task A_recording_that_cannot_be_deleted_keeps_no_other_past_its_retention_and_one_gone_at_the_provider_is_deleted_here()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var ids = new List<long>();
            for (var position = 1; position <= 3; position++)
                ids.Add((await SimulatedCallTests.CallAsync(server, admin, sample, position, null)).GetProperty("id").GetInt64());
            var processor = server.Services.GetRequiredService<RecordingProcessor>();
            for (var i = 0; i < 400 && processor.Pending > 0; i++)
                await Task.Delay(25);
            string[] sids;
            await using (var scope = server.Services.CreateAsyncScope())
            {
                var calls = await scope.ServiceProvider.GetRequiredService<Callback.Persistence.CallbackDbContext>().Calls.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync();
                Assert.All(calls, c => Assert.Equal(Callback.Domain.Calls.RecordingStatus.Sealed, c.Recording!.Status));
                sids = [.. calls.Select(c => c.Recording!.Sid!)];
            }

            // The provider no longer has the first (deleted there already), and is away for the second.
            var provider = new FailingDeletes(server.Services.GetRequiredService<ITelephonyProvider>(), new Dictionary<string, Callback.Telephony.Resilience.TelephonyException>
            {
                [sids[0]] = new(Callback.Telephony.Resilience.TelephonyException.NotFound, "没有这项记录", false, 20404),
                [sids[1]] = new("provider-unreachable", "无法连接电话服务", true),
            });
            RecordingRetention Retention(ITelephonyProvider with) => new(server.Services.GetRequiredService<IServiceScopeFactory>(), with,
                server.Services.GetRequiredService<RecordingStore>(), server.Services.GetRequiredService<RecordingPolicy>(), server.Services.GetRequiredService<Callback.Host.Common.LeaseKeeper>(),
                new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(181)), NullLogger<RecordingRetention>.Instance);

            Assert.Equal(2, await Retention(provider).DeleteExpiredAsync(CancellationToken.None));
            async Task<string[]> StatusesAsync() => await Task.WhenAll(ids.Select(async id => (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}")).GetProperty("recordingStatus").GetString()!));
            Assert.Equal(["deleted", "sealed", "deleted"], await StatusesAsync());
            Assert.True(File.Exists(server.Services.GetRequiredService<RecordingStore>().PathOf(ids[1])));

            // The provider is back: the next pass deletes the one left.
            Assert.Equal(1, await Retention(server.Services.GetRequiredService<ITelephonyProvider>()).DeleteExpiredAsync(CancellationToken.None));
            Assert.Equal(["deleted", "deleted", "deleted"], await StatusesAsync());
            Assert.False(File.Exists(server.Services.GetRequiredService<RecordingStore>().PathOf(ids[1])));
        }
    }

    /// <summary>The host's provider, whose deletion of the named recordings fails as given.</summary>
    private sealed class FailingDeletes(ITelephonyProvider inner, IReadOnlyDictionary<string, Callback.Telephony.Resilience.TelephonyException> failures) : ForwardingProvider(inner)
    {
        public override Task DeleteRecordingAsync(string recordingSid, CancellationToken cancellationToken) =>
            failures.TryGetValue(recordingSid, out var failure) ? Task.FromException(failure) : base.DeleteRecordingAsync(recordingSid, cancellationToken);
    }

    [Fact]
    public async Task Provider_reports_move_a_recording_forward_and_never_undo_its_seal()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var id = (await SimulatedCallTests.CallAsync(server, admin, sample, 1, null)).GetProperty("id").GetInt64();
            var processor = server.Services.GetRequiredService<RecordingProcessor>();
            for (var i = 0; i < 200 && processor.Pending > 0; i++)
                await Task.Delay(25);

            await using (var scope = server.Services.CreateAsyncScope())
            {
                var calls = scope.ServiceProvider.GetRequiredService<Callback.Host.Calls.CallService>();
                var stored = await scope.ServiceProvider.GetRequiredService<Callback.Persistence.CallbackDbContext>().Calls.AsNoTracking().SingleAsync(c => c.Id == id);
                var sid = stored.Recording!.Sid;
                // A repeated "completed", a status the provider does not define, another recording's report: nothing moves.
                await calls.RecordingAsync(id, sid, "completed", "https://simulator.invalid/other", CancellationToken.None);
                await calls.RecordingAsync(id, sid, "archived", null, CancellationToken.None);
                await calls.RecordingAsync(id, "RE-another", "failed", null, CancellationToken.None);
            }

            Assert.Equal(0, processor.Pending);
            var call = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
            Assert.Equal("sealed", call.GetProperty("recordingStatus").GetString());
            Assert.Equal(64, call.GetProperty("recordingSha256").GetString()!.Length);
        }
    }

    [Fact]
    [Trait(TestDatabase.Trait, "sqlite-only")]
    public async Task Recordings_stored_before_the_status_was_one_type_are_read_by_what_their_columns_say()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var sealedId = (await SimulatedCallTests.CallAsync(server, admin, sample, 1, null)).GetProperty("id").GetInt64();
            var oddId = (await SimulatedCallTests.CallAsync(server, admin, sample, 2, null)).GetProperty("id").GetInt64();
            var processor = server.Services.GetRequiredService<RecordingProcessor>();
            for (var i = 0; i < 200 && processor.Pending > 0; i++)
                await Task.Delay(25);

            await using (var scope = server.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<Callback.Persistence.CallbackDbContext>();
                var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
                // Back to the schema before: the status in the provider's words, the seal in its own column.
                await migrator.MigrateAsync("FindingChain");
                Assert.Equal("completed", await db.Database.SqlQuery<string>($"SELECT RecordingStatus AS Value FROM Calls WHERE Id = {sealedId}").SingleAsync());
                await db.Database.ExecuteSqlAsync($"UPDATE \"Calls\" SET \"RecordingStatus\" = 'queued-at-carrier', \"RecordingSha256\" = NULL WHERE \"Id\" = {oddId}");
                await migrator.MigrateAsync();
            }

            Assert.Equal("sealed", (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{sealedId}")).GetProperty("recordingStatus").GetString());
            Assert.Equal("failed", (await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{oddId}")).GetProperty("recordingStatus").GetString());
        }
    }

    [Fact]
    public void A_tone_is_usable_and_silence_is_not()
    {
        var tone = RecordingInspector.Inspect(PromptAudio.Tone(3), minimumSeconds: 2, silenceDecibels: -50);
        var silence = RecordingInspector.Inspect(PromptAudio.Tone(3, amplitude: 0), minimumSeconds: 2, silenceDecibels: -50);
        var short_ = RecordingInspector.Inspect(PromptAudio.Tone(1), minimumSeconds: 2, silenceDecibels: -50);

        Assert.True(tone.Usable);
        Assert.Equal(8000, tone.SampleRate);
        Assert.True(silence.Silent);
        Assert.True(short_.TooShort);
        Assert.Throws<InvalidDataException>(() => RecordingInspector.Inspect("not a wav file at all"u8.ToArray(), 2, -50));
    }

    [Fact]
    public void Prompts_are_prepared_for_the_phone_network_8_kHz_mono_at_a_common_level()
    {
        using var source = new MemoryStream();
        using (var writer = new WaveFileWriter(source, new WaveFormat(44100, 16, 2)))
        {
            var samples = Enumerable.Range(0, 44100).SelectMany(i => new[] { (float)(0.1 * Math.Sin(i / 10.0)), (float)(0.1 * Math.Sin(i / 10.0)) }).ToArray();
            writer.WriteSamples(samples, 0, samples.Length);
        }

        var prepared = PromptAudio.PrepareForTelephone(source.ToArray());
        var check = RecordingInspector.Inspect(prepared, 0, -50);

        Assert.Equal(8000, check.SampleRate);
        Assert.Equal(1, check.Channels);
        Assert.Equal(16, check.BitsPerSample);
        Assert.InRange(check.Seconds, 0.99, 1.01);
        Assert.InRange(check.PeakDecibels, -1.5, -0.5);
    }

    [Fact]
    public void The_vault_round_trips_and_refuses_an_altered_file()
    {
        var vault = new RecordingVault(RecordingVault.NewKey());
        var audio = PromptAudio.Tone(1);
        var stored = vault.Encrypt(audio);

        Assert.Equal(audio, vault.Decrypt(stored));
        stored[^1] ^= 0x01;
        Assert.ThrowsAny<CryptographicException>(() => vault.Decrypt(stored));
        Assert.ThrowsAny<CryptographicException>(() => new RecordingVault(RecordingVault.NewKey()).Decrypt(vault.Encrypt(audio)));
    }
}
