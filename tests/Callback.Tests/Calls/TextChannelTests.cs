using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Texts;
using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Calls;

/// <summary>The text channel's rules through the real host: one link at a time, calling hours, expiry as no contact.</summary>
public sealed class TextChannelTests
{
    [Fact]
    public async Task A_link_goes_once_at_a_time_expires_after_its_days_and_then_counts_as_no_contact()
    {
        var clock = new ShanghaiMorningClock();
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync(clock);
        await using var _ = server;
        using (admin)
        {
            var sent = await admin.PostJsonAsync($"{sample}/1/text-links", new { }, 201);
            Assert.Contains("*", sent.GetProperty("sentTo").GetString(), StringComparison.Ordinal);
            Assert.InRange(sent.GetProperty("expiresAt").GetDateTimeOffset() - clock.GetUtcNow(), TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
            Assert.Equal("text-link-pending", (await admin.PostJsonAsync($"{sample}/1/text-links", new { }, 409)).Code());
            var link = Assert.Single(server.Services.GetRequiredService<SimulatorProvider>().Texts).Body;
            var path = new Uri(link[link.IndexOf("http", StringComparison.Ordinal)..]).AbsolutePath;
            using var anonymous = server.Anonymous();
            Assert.Contains("同意，开始回答", await anonymous.GetStringAsync(path), StringComparison.Ordinal);

            // Unanswered past its seven days: the form says so, and the sweep records a no-contact attempt.
            clock.Advance(TimeSpan.FromDays(7));
            await server.RenewAdministratorAsync(admin);
            Assert.Contains("链接已过期", await anonymous.GetStringAsync(path), StringComparison.Ordinal);
            await using (var scope = server.Services.CreateAsyncScope())
                Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<TextLinks>().SweepExpiredAsync(CancellationToken.None));
            var attempt = (await admin.GetFromJsonAsync<JsonElement>(sample))[0].GetProperty("attemptLog")[0];
            Assert.Equal("no-answer", attempt.GetProperty("disposition").GetString());
            Assert.Contains("已打开，到期未提交", attempt.GetProperty("note").GetString(), StringComparison.Ordinal);
            await using (var scope = server.Services.CreateAsyncScope())
                Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<TextLinks>().SweepExpiredAsync(CancellationToken.None));

            // A new link may go now; outside the calling hours it may not.
            clock.Advance(TimeSpan.FromHours(10));
            await server.RenewAdministratorAsync(admin);
            Assert.Equal("outside-calling-hours", (await admin.PostJsonAsync($"{sample}/1/text-links", new { }, 400)).Code());
        }
    }
}
