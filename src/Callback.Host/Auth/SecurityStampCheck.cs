using System.Security.Claims;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Identity;

namespace Callback.Host.Auth;

/// <summary>
/// Every request's token or cookie must carry the user's current security stamp: signing out (or a password
/// change) renews the stamp, and everything issued before stops working at once. Identity checks cookies only
/// every 30 minutes and bearer tokens never; this checks both on every request.
/// </summary>
public static class SecurityStampCheck
{
    public static IApplicationBuilder UseSecurityStampCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var users = context.RequestServices.GetRequiredService<UserManager<CallbackUser>>();
            var stampType = users.Options.ClaimsIdentity.SecurityStampClaimType;
            var user = await users.GetUserAsync(context.User);
            if (user is null || context.User.FindFirstValue(stampType) != await users.GetSecurityStampAsync(user))
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
        }

        await next(context);
    });
}
