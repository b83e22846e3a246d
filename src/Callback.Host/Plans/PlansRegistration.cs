namespace Callback.Host.Plans;

/// <summary>Verification plans: options, service, the worker that runs them, and the API.</summary>
public static class PlansRegistration
{
    public static IHostApplicationBuilder AddCallbackPlans(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PlanOptions>().BindConfiguration(PlanOptions.Section)
            .Validate(o => o.TickSeconds is >= 5 and <= 600, "Plans:TickSeconds must be between 5 and 600.")
            .ValidateOnStart();
        builder.Services.AddScoped<PlanService>();
        builder.Services.AddSingleton<PlanGate>();
        builder.Services.AddHostedService<PlanWorker>();
        return builder;
    }
}
