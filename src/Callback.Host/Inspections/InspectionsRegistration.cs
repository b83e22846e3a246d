using Callback.Domain.Findings;
using Callback.Domain.Scoring;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Host.Scoring;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Callback.Host.Inspections;

public static class InspectionsRegistration
{
    /// <summary>Inspections, draws, findings and scoring, and the hub their changes are pushed through.</summary>
    public static IHostApplicationBuilder AddInspections(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddScoped<InspectionAccess>();
        services.AddScoped<ScorecardService>();
        services.AddScoped<Sampling.DrawService>();
        services.AddScoped<Findings.AttemptRecorder>();
        services.AddSingleton<InspectionEvents>();
        services.AddSingleton(ComparisonRules.Default);
        services.AddOptions<RubricRules>().BindConfiguration(RubricRules.Section).ValidateOnStart();
        services.AddSignalR();

        // Browsers cannot set headers on a WebSocket: the hub also takes the bearer token from the query string.
        services.Configure<BearerTokenOptions>(IdentityConstants.BearerScheme, options => options.Events = new BearerTokenEvents
        {
            OnMessageReceived = context =>
            {
                if (context.Request.Path.StartsWithSegments(InspectionHub.Path) && context.Request.Query["access_token"] is { Count: > 0 } token)
                    context.Token = token;
                return Task.CompletedTask;
            },
        });
        return builder;
    }
}
