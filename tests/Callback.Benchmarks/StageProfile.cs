using System.Diagnostics;
using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Domain.Registry.Import;

namespace Callback.Benchmarks;

/// <summary>Where an import's time goes: reading the file, validating rows, parsing phone numbers, hashing.</summary>
internal static class StageProfile
{
    public static int Run(string[] args)
    {
        var csv = args[0];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var validator = new RegistryRowValidator(RegionCatalog.InnerMongolia, new PhoneListParser());
        var phones = new PhoneListParser();
        var hasher = new RecordHasher();

        Time("read CSV", () => { using var f = File.OpenRead(csv); using var s = RegistryFile.Open(f); var n = 0; while (s.Read()) n++; return n; });
        Time("read + phones only", () =>
        {
            using var f = File.OpenRead(csv); using var s = RegistryFile.Open(f); var n = 0;
            while (s.Read()) { phones.Parse(s.Cells[(int)RegistryColumn.Phone]); phones.Parse(s.Cells[(int)RegistryColumn.GuardianPhone]); n++; }
            return n;
        });
        Time("read + validate", () =>
        {
            using var f = File.OpenRead(csv); using var s = RegistryFile.Open(f); var n = 0;
            while (s.Read()) { if (validator.Validate(s.Row, s.Cells, today).Accepted) n++; }
            return n;
        });
        Time("read + validate + hash", () =>
        {
            using var f = File.OpenRead(csv); using var s = RegistryFile.Open(f); var n = 0;
            while (s.Read()) { if (validator.Validate(s.Row, s.Cells, today).Record is { } r) { hasher.Hash(r); n++; } }
            return n;
        });
        return 0;
    }

    private static void Time(string what, Func<int> stage)
    {
        var clock = Stopwatch.StartNew();
        var n = stage();
        Console.WriteLine($"{what,-28} {clock.Elapsed.TotalSeconds,6:F2} s  {n / clock.Elapsed.TotalSeconds,10:N0} rows/s");
    }
}
