namespace Callback.Host.Auth;

/// <summary>How sign-in is protected against guessing.</summary>
public sealed class SignInOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// Sign-in attempts one client address may make per minute, right or wrong. Throttling the address instead of
    /// locking the account means nobody can lock another person (or the administrator) out from anywhere.
    /// </summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>How long a bearer token lasts; a refresh token renews it until the user signs out.</summary>
    public int AccessTokenMinutes { get; set; } = 60;
}
