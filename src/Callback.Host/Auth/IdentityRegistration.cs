using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;
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
                // No account lockout: a stranger could lock anyone out. Guessing is throttled per address instead.
                options.Lockout.AllowedForNewUsers = false;
                options.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddEntityFrameworkStores<CallbackDbContext>()
            .AddPasswordValidator<PasswordRules>();
        builder.Services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section)
            .Validate(o => o.LoginAttemptsPerMinute is >= 1 and <= 10_000, "Auth:LoginAttemptsPerMinute must be between 1 and 10000.")
            .Validate(o => o.AccessTokenMinutes is >= 1 and <= 24 * 60, "Auth:AccessTokenMinutes must be between 1 and 1440.")
            .ValidateOnStart();
        builder.Services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme)
            .Configure<IOptions<SignInOptions>>((bearer, signIn) => bearer.BearerTokenExpiration = TimeSpan.FromMinutes(signIn.Value.AccessTokenMinutes));
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddSingleton<UnknownUserDecoy>();
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "callback.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            // Secure whenever the request came over https (behind a proxy: with forwarded headers).
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Events.OnRedirectToLogin = context =>
            {
                // A person at the console is sent to the sign-in page; a program calling the API gets 401.
                if (Web.ConsolePaths.IsConsolePage(context.Request.Path))
                    context.Response.Redirect(Web.ConsolePaths.SignIn(context.Request.PathBase + context.Request.Path + context.Request.QueryString));
                else
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
