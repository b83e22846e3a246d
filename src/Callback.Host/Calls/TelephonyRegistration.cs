using Callback.Telephony;
using Callback.Telephony.Resilience;
using Callback.Telephony.Simulator;
using Callback.Telephony.Twilio;
using Microsoft.Extensions.Options;

namespace Callback.Host.Calls;

public static class TelephonyRegistration
{
    /// <summary>The provider (simulator by default, Twilio when configured), its resilience and pacing, the call scripts.</summary>
    public static IHostApplicationBuilder AddTelephony(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<TelephonyOptions>().BindConfiguration(TelephonyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelephonyOptions>, TelephonyOptionsValidator>();
        services.AddSingleton<SimulatorProvider>();
        services.AddSingleton<TwilioProvider>();
        services.AddSingleton<ITelephonyProvider>(sp => sp.GetRequiredService<IOptions<TelephonyOptions>>().Value.UsesTwilio
            ? sp.GetRequiredService<TwilioProvider>()
            : sp.GetRequiredService<SimulatorProvider>());
        services.AddSingleton<ProviderHealth>();
        services.AddSingleton(sp =>
        {
            var health = sp.GetRequiredService<ProviderHealth>();
            var time = sp.GetRequiredService<TimeProvider>();
            return new TelephonyPipelines(
                Placing: TelephonyPipeline.Create(time, safeToRepeat: false, health: health, circuit: health.Placing),
                Controlling: TelephonyPipeline.Create(time, health: health, circuit: health.Controlling));
        });
        services.AddSingleton(sp => new CallPacer(sp.GetRequiredService<IOptions<TelephonyOptions>>().Value.CallsPerSecond, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CallScripts>();
        services.AddSingleton<CallLocks>();
        services.AddSingleton<WebhookUrls>();
        services.AddScoped<CallService>();
        services.AddSingleton<CallReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<CallReconciler>());
        return builder;
    }

    /// <summary>Names each bad key, not just "invalid".</summary>
    // (TelephonyPipelines below: placing a call is not safe to repeat; controlling a recording is.)
    private sealed class TelephonyOptionsValidator : IValidateOptions<TelephonyOptions>
    {
        public ValidateOptionsResult Validate(string? name, TelephonyOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}

/// <summary>The two resilience pipelines: one for placing calls (not safe to repeat), one for the rest.</summary>
public sealed record TelephonyPipelines(Polly.ResiliencePipeline Placing, Polly.ResiliencePipeline Controlling);
