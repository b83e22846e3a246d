namespace Callback.Host.Web;

/// <summary>Where the console lives, as opposed to the API, the hub and the telephony webhooks.</summary>
public static class ConsolePaths
{
    public const string SignInPage = "/signin";

    private static readonly string[] NotConsole = ["/api", "/hubs", "/telephony", "/openapi", "/healthz", "/_framework", "/_content", "/_blazor"];

    public static bool IsConsolePage(PathString path) => !NotConsole.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static string SignIn(string? returnUrl) =>
        AfterSignIn(returnUrl) is { } back && back != "/" ? $"{SignInPage}?returnUrl={Uri.EscapeDataString(back)}" : SignInPage;

    /// <summary>Where signing in leads: the page asked for, never the sign-in page again.</summary>
    public static string AfterSignIn(string? returnUrl) =>
        SafeReturnUrl(returnUrl) is var back && back.StartsWith(SignInPage, StringComparison.OrdinalIgnoreCase) ? "/" : back;

    /// <summary>Only a path of this site: an absolute or protocol-relative address is never followed (open redirect).</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
