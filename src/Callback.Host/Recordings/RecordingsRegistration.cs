namespace Callback.Host.Recordings;

public static class RecordingsRegistration
{
    /// <summary>The recording policy of recordings-policy/, the encrypted store, the processor and the retention job.</summary>
    public static IHostApplicationBuilder AddRecordings(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(_ => RecordingPolicy.Load(Path.Combine(AppContext.BaseDirectory, "recordings-policy", "policy.json")));
        builder.Services.AddSingleton<RecordingStore>();
        builder.Services.AddSingleton<RecordingProcessor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordingProcessor>());
        builder.Services.AddSingleton<RecordingRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordingRetention>());
        return builder;
    }
}
