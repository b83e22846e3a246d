namespace Callback.Host.Configuration;

/// <summary>The first administrator, created on first start.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The environment variable that may carry the first administrator's password.</summary>
    public const string PasswordVariable = "CALLBACK_ADMIN_PASSWORD";

    public string UserName { get; set; } = "admin";

    /// <summary>From Admin:Password or CALLBACK_ADMIN_PASSWORD; when neither is set, one is generated and printed once.</summary>
    public string? Password { get; set; }
}
