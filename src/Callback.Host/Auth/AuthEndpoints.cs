using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Callback.Host.Auth;

public static class AuthEndpoints
{
    public sealed record LoginRequest([Required, StringLength(64)] string UserName, [Required, StringLength(128)] string Password);

    public sealed record Me(string UserName, string DisplayName, string? HomeUnitCode, IReadOnlyList<string> Roles);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        // Bearer token by default (systems); ?useCookies=true for the browser consoles.
        group.MapPost("/login", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (
            LoginRequest login, bool? useCookies, SignInManager<CallbackUser> signIn) =>
        {
            signIn.AuthenticationScheme = useCookies == true ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(login.UserName, login.Password, isPersistent: useCookies == true, lockoutOnFailure: true);
            if (result.Succeeded)
                return TypedResults.Empty;
            var (detail, code) = result.IsLockedOut
                ? ("账户因多次登录失败已暂时锁定，请稍后再试", "locked-out")
                : ("用户名或密码错误", "invalid-credentials");
            return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: code);
        }).AllowAnonymous();

        group.MapPost("/logout", async (SignInManager<CallbackUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.SignedIn);

        group.MapGet("/me", async Task<Results<Ok<Me>, UnauthorizedHttpResult>> (ClaimsPrincipal principal, UserManager<CallbackUser> users) =>
        {
            var user = await users.GetUserAsync(principal);
            if (user is null)
                return TypedResults.Unauthorized();
            var roles = await users.GetRolesAsync(user);
            return TypedResults.Ok(new Me(user.UserName!, user.DisplayName, user.HomeUnitCode, [.. roles]));
        }).RequireAuthorization(Policies.SignedIn);

        return app;
    }
}
