using Callback.Domain.Findings;
using Callback.Domain.Scoring;
using Callback.Host.Scoring;

namespace Callback.Host.Inspections;

public static class InspectionsRegistration
{
    /// <summary>Inspections, their access rules, draws, attempts, findings and scoring.</summary>
    public static IHostApplicationBuilder AddInspections(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddScoped<InspectionAccess>();
        services.AddScoped<ScorecardService>();
        services.AddScoped<Sampling.DrawService>();
        services.AddScoped<Findings.AttemptRecorder>();
        services.AddSingleton(ComparisonRules.Default);
        services.AddOptions<RubricRules>().BindConfiguration(RubricRules.Section).ValidateOnStart();
        return builder;
    }
}
