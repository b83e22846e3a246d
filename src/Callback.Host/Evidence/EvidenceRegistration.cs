namespace Callback.Host.Evidence;

/// <summary>Evidence: the signing key, the findings chain, bundles and their API.</summary>
public static class EvidenceRegistration
{
    public static IHostApplicationBuilder AddCallbackEvidence(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EvidenceOptions>().BindConfiguration(EvidenceOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.SigningKeyPath) || o.SigningKeyPath.IndexOfAny(Path.GetInvalidPathChars()) < 0,
                "Evidence:SigningKeyPath is not a valid path.")
            .ValidateOnStart();
        builder.Services.AddSingleton<EvidenceSigner>();
        builder.Services.AddScoped<EvidenceChain>();
        builder.Services.AddScoped<EvidenceBundle>();
        return builder;
    }
}
