namespace Callback.Persistence.Identity;

/// <summary>The three roles of Callback's users.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Supervisor = "supervisor";
    public const string Inspector = "inspector";

    public static readonly IReadOnlyList<string> All = [Administrator, Supervisor, Inspector];
}
