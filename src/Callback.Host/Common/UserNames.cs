using System.Security.Claims;

namespace Callback.Host.Common;

public static class UserNames
{
    /// <summary>The signed-in user's name, as entries record who did what.</summary>
    public static string NameOrUnknown(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.Name ?? "unknown";
    }
}
