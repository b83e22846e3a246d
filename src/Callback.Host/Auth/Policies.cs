using Callback.Persistence.Identity;

namespace Callback.Host.Auth;

/// <summary>Who may do what. Every endpoint that reads or changes personal data names one of these.</summary>
public static class Policies
{
    /// <summary>Import registry files, manage users: administrators.</summary>
    public const string Administer = "administer";

    /// <summary>Read the registry (certificate and phone numbers masked for supervisors): administrators, supervisors.</summary>
    public const string ReadRegistry = "read-registry";

    /// <summary>Confirm what inspectors typed by hand, lock scorecards: supervisors, administrators.</summary>
    public const string Supervise = "supervise";

    /// <summary>Any signed-in user.</summary>
    public const string SignedIn = "signed-in";

    public static IServiceCollection AddCallbackPolicies(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(Administer, p => p.RequireRole(Roles.Administrator))
            .AddPolicy(ReadRegistry, p => p.RequireRole(Roles.Administrator, Roles.Supervisor))
            .AddPolicy(Supervise, p => p.RequireRole(Roles.Administrator, Roles.Supervisor))
            .AddPolicy(SignedIn, p => p.RequireAuthenticatedUser())
            .Services;
}
