using Callback.Benchmarks;

// Benchmarks are programs, not timed tests: each prints its figures beside the floor it is compared with.
return args switch
{
    ["registry-import", .. var rest] => await RegistryImportBenchmark.RunAsync(rest),
    ["import-stage", .. var rest] => await RegistryImportBenchmark.RunImportStageAsync(rest),
    ["profile", .. var rest] => StageProfile.Run(rest),
    ["calls", .. var rest] => await CallsBenchmark.RunAsync(rest),
    ["soak", .. var rest] => await SoakBenchmark.RunAsync(rest),
    ["draw", .. var rest] => await DrawBenchmark.RunAsync(rest),
    ["hub-latency", .. var rest] => await HubLatencyBenchmark.RunAsync(rest),
    ["dashboard-latency", .. var rest] => await DashboardLatencyBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Callback.Benchmarks registry-import [--rows N] [--work DIR] [--postgres CONNECTION]  |  draw [--work DIR]  |  calls [--calls N]  |  soak [--calls 10000] [--postgres CONNECTION]  |  hub-latency [--clients 200] [--calls 240]  |  dashboard-latency [--dashboards 10] [--calls 240]  |  profile FILE.csv");
    return 2;
}
