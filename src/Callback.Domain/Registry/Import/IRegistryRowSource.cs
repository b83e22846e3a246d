namespace Callback.Domain.Registry.Import;

/// <summary>Rows of a registry export, streamed one at a time with cells in <see cref="RegistryColumn"/> order.</summary>
public interface IRegistryRowSource : IDisposable
{
    /// <summary>"csv" or "xlsx".</summary>
    string Format { get; }

    /// <summary>The text encoding detected (CSV), or null.</summary>
    string? Encoding { get; }

    HeaderMap Header { get; }

    /// <summary>Row number of the current row: 1 = the first row after the header.</summary>
    int Row { get; }

    /// <summary>The current row's cells; the array is reused by the next <see cref="Read"/>.</summary>
    IReadOnlyList<string?> Cells { get; }

    /// <summary>Advances to the next non-blank row. Throws <see cref="RegistryFileException"/> on a broken file.</summary>
    bool Read();
}
