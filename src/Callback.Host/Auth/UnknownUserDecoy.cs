using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Callback.Host.Auth;

/// <summary>
/// What a sign-in with an unknown user name is checked against: the hash of a random password, made once with the
/// hashing options real users' passwords are hashed with (their PBKDF2 iteration count included), so that the answer
/// costs the same work either way and its timing does not tell which names exist.
/// </summary>
public sealed class UnknownUserDecoy(IOptions<PasswordHasherOptions> options)
{
    private static readonly CallbackUser Unknown = new() { UserName = "unknown", DisplayName = "unknown" };

    private readonly Lazy<string> _hash = new(() =>
        new PasswordHasher<CallbackUser>(options).HashPassword(Unknown, Guid.NewGuid().ToString("N")));

    public string Hash => _hash.Value;

    /// <summary>The same password check a known user's sign-in makes, with <paramref name="hasher"/>; always fails.</summary>
    public void Check(IPasswordHasher<CallbackUser> hasher, string password)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        hasher.VerifyHashedPassword(Unknown, Hash, password);
    }
}
