using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Callback.Host.Auth;
using Callback.Host.Calls;
using Callback.Host.Common;
using Callback.Host.Configuration;
using Callback.Host.Demo;
using Callback.Host.Events;
using Callback.Host.Evidence;
using Callback.Host.Findings;
using Callback.Host.Health;
using Callback.Host.Inspections;
using Callback.Host.Observability;
using Callback.Host.Plans;
using Callback.Host.Recordings;
using Callback.Host.Sampling;
using Callback.Host.Scoring;
using Callback.Host.Texts;
using Callback.Host.Regions;
using Callback.Host.Reports;
using Callback.Host.Registry;
using Callback.Host.Web;

namespace Callback.Host.Hosting;

/// <summary>The web host: its parts, in the order a reader wants to meet them.</summary>
public static class CallbackWebApp
{
    /// <summary>
    /// SQLite's "async" calls run synchronously, so a burst of webhooks holds thread-pool threads while it writes; the
    /// pool adds threads only slowly, and the hub's messages to the consoles queue behind them (measured by the
    /// hub-latency benchmark: p99 about 1 s with the default pool, under 50 ms with this). Threads are cheap at this size.
    /// </summary>
    public static void TuneThreadPool()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, MinThreads), Math.Max(io, MinThreads));
    }

    public const int MinThreads = 128;

    /// <param name="configureServices">Lets tests replace a service (the clock) after everything is registered.</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args, ContentRootPath = AppContext.BaseDirectory,
            // Named, not taken from the entry assembly: under a test host the console's static files are still Callback's.
            ApplicationName = typeof(CallbackWebApp).Assembly.GetName().Name,
        });
        builder.Configuration.AddCallbackSources(args);
        builder.AddCallbackCore();
        builder.AddReverseProxy();
        builder.AddCallbackIdentity();
        builder.AddCallbackHealth();
        builder.AddCallbackObservability();
        builder.AddRegistryImports();
        builder.AddInspectionEvents();
        builder.AddInspections();
        builder.AddTelephony();
        builder.AddCallbackTexts();
        builder.AddCallbackPlans();
        builder.AddCallbackEvidence();
        builder.AddCallbackReports();
        builder.AddRecordings();
        builder.AddCallbackConsole();
        builder.Services.AddCallbackRefusals();
        // Chinese stays readable in JSON; < > & ' are still escaped, so a name holding markup never arrives as markup.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        builder.Services.AddCallbackOpenApi();

        // Kestrel does not announce itself.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));

        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseReverseProxy();
        app.UseSecurityHeaders();
        // HSTS is sent only on https answers (never to a browser on plain http, where it would mean nothing).
        app.UseHsts();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseConsoleLocalization();
        app.UseAuthentication();
        app.UseSecurityStampCheck();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi();
        app.MapHealth();
        app.MapMetrics();
        app.MapAuthApi();
        app.MapUsersApi();
        app.MapRegionsApi();
        app.MapImportApi();
        app.MapRegistryApi();
        app.MapInspectionsApi();
        app.MapDrawsApi();
        app.MapFindingsApi();
        app.MapScoringApi();
        app.MapCallsApi();
        app.MapTextsApi();
        app.MapPlansApi();
        app.MapEvidenceApi();
        app.MapReportsApi();
        app.MapRecordingsApi();
        app.MapWebhooksApi();
        app.MapTwilioWebhooks();
        app.MapSimulatorApi();
        app.MapHub<InspectionHub>(InspectionHub.Path);
        app.MapCallbackConsole();
        return app;
    }

    /// <summary>
    /// What happens once before the server listens: the schema, the roles and first administrator, the demo
    /// data. A generated administrator password is written to the console once, never to the log.
    /// </summary>
    public static async Task InitializeAsync(this WebApplication app, TextWriter console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(console);
        app.Services.ValidateCallbackOptions();
        await app.Services.PrepareDatabaseAsync(migrate: false, cancellationToken);
        // A broken call script stops the start, naming the file, the step and the reason.
        _ = app.Services.GetRequiredService<CallScripts>().All;
        _ = app.Services.GetRequiredService<RecordingPolicy>();
        // Several instances deployed together may start at the same moment on an empty database: one at a time.
        await using var gate = await FirstStartGate.EnterAsync(app.Services, cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        var generated = await scope.ServiceProvider.GetRequiredService<AdministratorBootstrap>().EnsureAsync();
        if (generated is not null)
        {
            var name = app.Configuration["Admin:UserName"] ?? "admin";
            await console.WriteLineAsync($"首个管理员账户 / first administrator: {name}  密码 / password: {generated}");
            await console.WriteLineAsync("This password is shown only this once. Set CALLBACK_ADMIN_PASSWORD to choose your own.");
        }

        // Findings stored before the chain existed are chained once; a chain broken since is named in the log.
        await scope.ServiceProvider.GetRequiredService<EvidenceChain>().CheckAtStartAsync(cancellationToken);
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(cancellationToken);
        if (seeded > 0)
            await console.WriteLineAsync($"已生成 {seeded} 名合成演示人员（synthetic demo persons, never dialled for real）。");
    }
}
