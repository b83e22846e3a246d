using System.Globalization;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Callback.Host.Web;

/// <summary>
/// The console's sign-in, sign-out and language switch: plain form posts and links, so they work before any
/// script has loaded. Sign-in goes through the API's own login (same throttle, same timing, same password rules).
/// </summary>
public static class AccountEndpoints
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static IEndpointRouteBuilder MapConsoleAccount(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").ExcludeFromDescription();
        // Bound at run time, not by the request delegate generator: its form binding reads a form whose antiforgery
        // check failed, which throws (500), where the run-time binding answers 400. A Delegate-typed handler is not intercepted.
        Delegate signInHandler = async (
            [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
            UserManager<CallbackUser> users, SignInManager<CallbackUser> signIn, IPasswordHasher<CallbackUser> hasher, UnknownUserDecoy decoy) =>
        {
            var back = ConsolePaths.AfterSignIn(returnUrl);
            if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
                return Results.LocalRedirect(WithError("missing", back));
            try
            {
                await AuthEndpoints.LoginAsync(new AuthEndpoints.LoginRequest(userName.Trim(), password), useCookies: true, users, signIn, hasher, decoy);
                return Results.LocalRedirect(back);
            }
            catch (RequestRefusedException)
            {
                return Results.LocalRedirect(WithError("invalid", back));
            }
        };
#pragma warning disable RDG002 // "Unable to statically resolve endpoint handler": wanted, see above.
        group.MapPost("/signin", signInHandler).ThrottledAsSignIn(http => Results.LocalRedirect(WithError("throttled", ConsolePaths.AfterSignIn(http.Request.Form["returnUrl"].FirstOrDefault()))));
#pragma warning restore RDG002

        group.MapPost("/signout", async (HttpContext http, UserManager<CallbackUser> users, SignInManager<CallbackUser> signIn) =>
        {
            if (await users.GetUserAsync(http.User) is { } user)
                await users.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return Results.LocalRedirect(ConsolePaths.SignInPage);
        }).RequireAuthorization(Policies.SignedIn);

        // A link, not a form: switching the language changes nothing but a cookie.
        group.MapGet("/culture", (string? name, string? returnUrl, HttpContext http) =>
        {
            var culture = Cultures.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true, IsEssential = true });
            return Results.LocalRedirect(ConsolePaths.SafeReturnUrl(returnUrl));
        }).AllowAnonymous();
        return app;
    }

    private static string WithError(string error, string back) =>
        $"{ConsolePaths.SignInPage}?error={error}" + (back == "/" ? "" : $"&returnUrl={Uri.EscapeDataString(back)}");
}
