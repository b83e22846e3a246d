using Callback.Persistence;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Identity;

namespace Callback.Host.Auth;

public static class IdentityRegistration
{
    /// <summary>
    /// ASP.NET Core Identity with both a cookie (the consoles) and bearer tokens (the scoring module and
    /// other systems). API callers get 401/403, never a redirect to a login page.
    /// </summary>
    public static IHostApplicationBuilder AddCallbackIdentity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddIdentityApiEndpoints<CallbackUser>(options =>
            {
                // Length over composition rules (NIST SP 800-63B): at least 12 characters, any kind.
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireDigit = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CallbackDbContext>();
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "callback.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddCallbackPolicies();
        builder.Services.AddScoped<AdministratorBootstrap>();
        return builder;
    }
}
