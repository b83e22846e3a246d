using Callback.Persistence;
using Callback.Persistence.Identity;
using Callback.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Durability;

/// <summary>
/// Several instances deployed together start at the same moment on an empty database: the first start's work (roles,
/// the first administrator, the demo registry) is done once, by one of them, and both serve.
/// </summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task Two_instances_started_at_once_on_an_empty_database_both_serve_with_one_administrator_and_one_demo_registry()
    {
        using var directory = new TempDirectory();

        var servers = await Task.WhenAll(new[] { "a", "b" }.Select(name => CallbackServer.StartOnAsync(directory, null, $"--Instance:Name={name}")));
        await using var a = servers[0];
        await using var b = servers[1];

        using (await a.AdministratorAsync())
        using (await b.AdministratorAsync())
        {
            // Both signed the administrator in: both serve.
        }

        await using var scope = a.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CallbackUser>>();
        var db = scope.ServiceProvider.GetRequiredService<CallbackDbContext>();
        Assert.Single(await users.GetUsersInRoleAsync(Roles.Administrator));
        Assert.Equal(Roles.All.Count, await db.Roles.CountAsync());
        Assert.Equal(1, await db.RegistryVersions.CountAsync());
    }
}
