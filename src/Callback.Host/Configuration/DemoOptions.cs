namespace Callback.Host.Configuration;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed synthetic persons when the registry is empty at start.</summary>
    public bool SeedOnFirstStart { get; set; } = true;

    public int Persons { get; set; } = 3000;
}
