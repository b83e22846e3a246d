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
        services.AddSingleton<ProviderHealth>();
        // The port the host uses: the configured provider inside its resilience, failing only with TelephonyException.
        services.AddSingleton<ITelephonyProvider>(sp =>
        {
            var health = sp.GetRequiredService<ProviderHealth>();
            var time = sp.GetRequiredService<TimeProvider>();
            ITelephonyProvider inner = sp.GetRequiredService<IOptions<TelephonyOptions>>().Value.UsesTwilio
                ? sp.GetRequiredService<TwilioProvider>()
                : sp.GetRequiredService<SimulatorProvider>();
            return ResilientTelephonyProvider.Around(inner, time, health);
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
    private sealed class TelephonyOptionsValidator : IValidateOptions<TelephonyOptions>
    {
        public ValidateOptionsResult Validate(string? name, TelephonyOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}

public static class TelephonyProviders
{
    /// <summary>The simulator under the port, when it is the provider: its telephone is driven by hand from the console.</summary>
    public static Callback.Telephony.Simulator.SimulatorProvider? Simulator(this ITelephonyProvider provider) =>
        (provider is ResilientTelephonyProvider resilient ? resilient.Inner : provider) as Callback.Telephony.Simulator.SimulatorProvider;
}
