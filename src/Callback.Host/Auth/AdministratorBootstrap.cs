using System.Security.Cryptography;
using Callback.Host.Configuration;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Callback.Host.Auth;

/// <summary>Creates the three roles and, on first start, the first administrator.</summary>
public sealed partial class AdministratorBootstrap(
    RoleManager<IdentityRole> roles,
    UserManager<CallbackUser> users,
    IOptions<AdminOptions> options,
    ILogger<AdministratorBootstrap> logger)
{
    /// <summary>Returns the generated password when one had to be made (to be shown once), else null.</summary>
    public async Task<string?> EnsureAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role).ConfigureAwait(false))
                Check(await roles.CreateAsync(new IdentityRole(role)).ConfigureAwait(false), $"role {role}");
        }

        if ((await users.GetUsersInRoleAsync(Roles.Administrator).ConfigureAwait(false)).Count > 0)
            return null;

        var admin = options.Value;
        var generated = admin.Password is null ? GeneratePassword() : null;
        var user = new CallbackUser { UserName = admin.UserName, DisplayName = "管理员" };
        Check(await users.CreateAsync(user, admin.Password ?? generated!).ConfigureAwait(false), "the first administrator");
        Check(await users.AddToRoleAsync(user, Roles.Administrator).ConfigureAwait(false), "the administrator role");
        LogCreated(logger, admin.UserName);
        return generated;
    }

    private static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create {what}: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first administrator {UserName}")]
    private static partial void LogCreated(ILogger logger, string userName);
}
