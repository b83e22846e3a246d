using System.ComponentModel.DataAnnotations;
using Callback.Domain.Regions;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Auth;

/// <summary>Administrators create and list users and give them their role and home unit.</summary>
public static class UsersEndpoints
{
    /// <param name="PhoneNumber">The inspector's own phone, to which agent-led calls are connected (any China format; stored in E.164).</param>
    public sealed record CreateUser(
        [Required, StringLength(64), RegularExpression(@"^[A-Za-z0-9._@-]+$")] string UserName,
        [Required, StringLength(64)] string DisplayName,
        [Required, StringLength(128)] string Password,
        [Required, StringLength(32)] string Role,
        [StringLength(6)] string? HomeUnitCode,
        [StringLength(32)] string? PhoneNumber = null);

    /// <param name="PhoneNumber">The user's own phone, masked (whether agent-led calls can reach them).</param>
    public sealed record UserView(string Id, string UserName, string DisplayName, string? HomeUnitCode, IReadOnlyList<string> Roles, string? PhoneNumber = null);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Administer);

        group.MapGet("/", ListAsync).WithSummary("Every user with their roles and home unit.");
        group.MapPost("/", CreateAsync).WithSummary("Create a user with a role, home unit and own phone (for agent-led calls).");
        return app;
    }

    internal static async Task<Ok<List<UserView>>> ListAsync(UserManager<CallbackUser> users)
    {
        var list = new List<UserView>();
        foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync())
            list.Add(new UserView(user.Id, user.UserName!, user.DisplayName, user.HomeUnitCode, [.. await users.GetRolesAsync(user)], Mask(user.PhoneNumber)));
        return TypedResults.Ok(list);
    }

    internal static async Task<Results<Created<UserView>, ValidationProblem>> CreateAsync(
        CreateUser request, UserManager<CallbackUser> users, RegionCatalog regions, Callback.Domain.Registry.PhoneListParser phones)
    {
        var errors = new Dictionary<string, string[]>();
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(request.PhoneNumber))
        {
            var parsed = phones.Parse(request.PhoneNumber);
            if (parsed.E164.Count != 1 || parsed.Unparseable.Count > 0)
                errors["phoneNumber"] = [$"电话“{request.PhoneNumber}”不是一个有效的中国电话号码 (invalid-phone)"];
            else
                phone = parsed.E164[0];
        }

        // Roles are written as the API returns them (administrator, supervisor, inspector), in any case.
        var role = Roles.All.FirstOrDefault(r => string.Equals(r, request.Role, StringComparison.OrdinalIgnoreCase));
        if (role is null)
            errors["role"] = [$"角色“{request.Role}”无效，应为 administrator、supervisor 或 inspector (unknown-role)"];
        if (request.HomeUnitCode is { } unit && regions.FindUnit(unit) is null)
            errors["homeUnitCode"] = [$"单位代码“{unit}”不是检查单位 (unknown-unit)"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var user = new CallbackUser { UserName = request.UserName, DisplayName = request.DisplayName, HomeUnitCode = request.HomeUnitCode, PhoneNumber = phone };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
            return TypedResults.ValidationProblem(created.Errors.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        await users.AddToRoleAsync(user, role!);
        return TypedResults.Created($"/api/users/{user.Id}", new UserView(user.Id, user.UserName, user.DisplayName, user.HomeUnitCode, [role!], Mask(phone)));
    }

    /// <summary>A user's own phone as lists show it: masked like every number on screen.</summary>
    private static string? Mask(string? phone) => phone is null ? null : Callback.Domain.Registry.PhoneList.Mask(phone);
}
