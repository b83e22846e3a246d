using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Callback.Host.Common;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Callback.Host.Auth;

public static class AuthEndpoints
{
    public sealed record LoginRequest([Required, StringLength(64)] string UserName, [Required, StringLength(128)] string Password);

    public sealed record RefreshRequest([Required, StringLength(4096)] string RefreshToken);

    public sealed record Me(string UserName, string DisplayName, string? HomeUnitCode, IReadOnlyList<string> Roles);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        // Bearer token by default (systems); ?useCookies=true for the browser consoles.
        group.MapPost("/login", LoginAsync).AllowAnonymous().ThrottledAsSignIn()
            .WithSummary("Sign in: a bearer token (and refresh token), or a cookie with ?useCookies=true. Throttled per client address.");

        group.MapPost("/refresh", RefreshAsync).AllowAnonymous().ThrottledAsSignIn()
            .WithSummary("A new bearer token for a refresh token, until the user signs out.");

        group.MapPost("/logout", async (ClaimsPrincipal principal, UserManager<CallbackUser> users, SignInManager<CallbackUser> signIn) =>
        {
            // A new security stamp ends every token and cookie issued to the user so far, on every device.
            if (await users.GetUserAsync(principal) is { } user)
                await users.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.SignedIn).WithSummary("Sign out: every bearer token, refresh token and cookie of the user stops working.");

        group.MapGet("/me", async Task<Ok<Me>> (ClaimsPrincipal principal, UserManager<CallbackUser> users) =>
        {
            var user = await users.GetUserAsync(principal) ?? throw new RequestRefusedException(StatusCodes.Status401Unauthorized, "not-signed-in", "请先登录");
            var roles = await users.GetRolesAsync(user);
            return TypedResults.Ok(new Me(user.UserName!, user.DisplayName, user.HomeUnitCode, [.. roles]));
        }).RequireAuthorization(Policies.SignedIn).WithSummary("The signed-in user: name, home unit, roles.");

        return app;
    }

    internal static async Task<EmptyHttpResult> LoginAsync(
        LoginRequest login, bool? useCookies, UserManager<CallbackUser> users, SignInManager<CallbackUser> signIn, IPasswordHasher<CallbackUser> hasher,
        UnknownUserDecoy decoy)
    {
        signIn.AuthenticationScheme = useCookies == true ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        var user = await users.FindByNameAsync(login.UserName);
        if (user is null)
        {
            // The same work as for a real user, so that the answer's timing does not tell which names exist.
            decoy.Check(hasher, login.Password);
            throw InvalidCredentials();
        }

        // No lockout: guessing is throttled per client address instead, so nobody can lock another person out.
        var result = await signIn.PasswordSignInAsync(user, login.Password, isPersistent: useCookies == true, lockoutOnFailure: false);
        return result.Succeeded ? TypedResults.Empty : throw InvalidCredentials();
    }

    private static async Task<Results<SignInHttpResult, ChallengeHttpResult>> RefreshAsync(
        RefreshRequest request, SignInManager<CallbackUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time)
    {
        var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(request.RefreshToken);
        // Expired, forged, or issued before the user signed out (their security stamp changed since).
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            throw new RequestRefusedException(StatusCodes.Status401Unauthorized, "invalid-refresh-token", "续期凭据无效或已过期（或已退出登录），请重新登录");
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    private static RequestRefusedException InvalidCredentials() =>
        new(StatusCodes.Status401Unauthorized, "invalid-credentials", "用户名或密码错误");
}
