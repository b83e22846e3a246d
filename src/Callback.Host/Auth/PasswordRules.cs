using System.Reflection;
using Callback.Persistence.Identity;
using Microsoft.AspNetCore.Identity;

namespace Callback.Host.Auth;

/// <summary>
/// Refuses passwords that are long but guessable (NIST SP 800-63B, 5.1.1.2): those on a shipped list of common
/// passwords, those made of one short piece repeated ("aaaaaaaaaaaa", "abcabcabcabc"), runs like "123456789012",
/// and the user's own name. Length (12 or more) is Identity's own rule.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<CallbackUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    public Task<IdentityResult> ValidateAsync(UserManager<CallbackUser> manager, CallbackUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(password))
            return Task.FromResult(IdentityResult.Success);
        var errors = new List<IdentityError>();
        var lower = password.ToLowerInvariant();
        if (Common.Value.Contains(lower))
            errors.Add(new IdentityError { Code = "password-common", Description = "这是常见密码，很容易被猜中：请换一个" });
        else if (IsRepetition(lower))
            errors.Add(new IdentityError { Code = "password-repetitive", Description = "密码由同一段字符重复组成，很容易被猜中：请换一个" });
        else if (IsRun(lower))
            errors.Add(new IdentityError { Code = "password-sequence", Description = "密码是连续的字符（如 123456789012、abcdefghijkl），很容易被猜中：请换一个" });
        // The user name plus a few characters ("admin1234567") is the first thing anyone tries.
        if (user.UserName is { Length: > 0 } name && lower.Replace(name.ToLowerInvariant(), "", StringComparison.Ordinal).Length < 8)
            errors.Add(new IdentityError { Code = "password-like-user-name", Description = "密码不能只是用户名加几个字符" });
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    /// <summary>Whether the password is a piece of at most a third of its length, repeated.</summary>
    public static bool IsRepetition(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        for (var piece = 1; piece <= password.Length / 3; piece++)
        {
            var repeated = true;
            for (var i = piece; i < password.Length && repeated; i++)
                repeated = password[i] == password[i - piece];
            if (repeated)
                return true;
        }

        return false;
    }

    /// <summary>Whether every character follows the one before by the same step of 1 (abcd…, 1234…, 9876…).</summary>
    public static bool IsRun(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length < 3)
            return false;
        var step = password[1] - password[0];
        if (Math.Abs(step) != 1)
            return false;
        for (var i = 2; i < password.Length; i++)
        {
            // Digits may wrap round (…7890123).
            var d = password[i] - password[i - 1];
            if (d != step && !(char.IsAsciiDigit(password[i]) && char.IsAsciiDigit(password[i - 1]) && Math.Abs(d) == 9))
                return false;
        }

        return true;
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("common-passwords.txt is missing from the Callback assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
                set.Add(line.Trim().ToLowerInvariant());
        }

        return set;
    }
}
