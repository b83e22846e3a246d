using Microsoft.AspNetCore.Identity;

namespace Callback.Persistence.Identity;

/// <summary>A person who signs in to Callback: administrator, supervisor or inspector.</summary>
public sealed class CallbackUser : IdentityUser
{
    /// <summary>Name shown in the console and on findings.</summary>
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>The inspection unit the user works for (their home unit), if any.</summary>
    public string? HomeUnitCode { get; set; }
}
