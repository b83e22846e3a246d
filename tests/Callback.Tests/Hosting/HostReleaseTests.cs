using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Callback.Tests.Support;

namespace Callback.Tests.Hosting;

/// <summary>
/// A stopped host leaves nothing running that keeps it: its services can be collected. Otherwise every restart inside
/// one process (the soak benchmark's, each test's host) keeps the whole old host in memory — which ASP.NET Core's
/// rate-limiting middleware did, through a timer it never stops (dotnet/aspnetcore#66434).
/// </summary>
[Collection(nameof(HostReleaseTests))]
public sealed class HostReleaseTests
{
    [Fact]
    public async Task A_host_that_served_sign_ins_and_calls_is_released_once_it_is_stopped()
    {
        var host = await ServeAndStopAsync();

        // Work still finishing on a loaded machine may hold it a moment: up to 15 s.
        for (var i = 0; i < 150 && host.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            await Task.Delay(100);
        }

        Assert.False(host.IsAlive, "the stopped host's services are still reachable from something left running");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> ServeAndStopAsync()
    {
        var server = await CallbackServer.StartAsync();
        using (var client = server.Anonymous())
            await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "a-wrong-password" });
        using (var admin = await server.AdministratorAsync())
            await admin.GetAsync(new Uri("/api/auth/me", UriKind.Relative));
        var host = new WeakReference(server.Services);
        await server.DisposeAsync();
        return host;
    }
}

/// <summary>Run alone: its full collections would slow the timing-sensitive tests beside it.</summary>
[CollectionDefinition(nameof(HostReleaseTests), DisableParallelization = true)]
public sealed class HostReleaseCollection;
