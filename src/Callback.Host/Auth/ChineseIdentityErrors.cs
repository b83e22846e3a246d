using Microsoft.AspNetCore.Identity;

namespace Callback.Host.Auth;

/// <summary>
/// Identity's refusals in the words of the people who read them (Chinese, with the English code beside it), for the
/// errors creating a user can meet. Identity's codes stay as they are: clients may rely on them.
/// </summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DuplicateUserName(string userName) =>
        Error(base.DuplicateUserName(userName), $"用户名“{userName}”已被使用");

    public override IdentityError InvalidUserName(string? userName) =>
        Error(base.InvalidUserName(userName), $"用户名“{userName}”无效：只能用英文字母、数字和 . _ @ -");

    public override IdentityError PasswordTooShort(int length) =>
        Error(base.PasswordTooShort(length), $"密码至少需要 {length} 个字符");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(base.PasswordRequiresUniqueChars(uniqueChars), $"密码至少需要 {uniqueChars} 个不同的字符");

    public override IdentityError DefaultError() => Error(base.DefaultError(), "操作未能完成");

    private static IdentityError Error(IdentityError english, string chinese) =>
        new() { Code = english.Code, Description = $"{chinese} ({english.Code})" };
}
