using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Sampling;
using Callback.Host.Common;
using Callback.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Findings;

/// <summary>
/// The persons of a unit's sample as they stand: the sealed draw, with each replaced person's place taken by the
/// reserve that replaced them, and everything recorded about each.
/// </summary>
public sealed class SampleState
{
    public required Inspection Inspection { get; init; }
    public required SealedDraw Draw { get; init; }
    public required List<Replacement> Replacements { get; init; }
    public required List<CallAttempt> Attempts { get; init; }
    public required List<FindingEntry> Findings { get; init; }

    /// <summary>The persons to verify now, in draw order.</summary>
    public IReadOnlyList<string> Active => [.. Draw.Sample.Select(c => Current(c))];

    /// <summary>Everyone ever called for this unit: the sample and the reserves brought in.</summary>
    public IReadOnlyList<string> Cases => [.. Draw.Sample.Concat(Replacements.Select(r => r.ReserveCertificate)).Distinct()];

    public IEnumerable<string> UnusedReserves => Draw.Reserves.Where(r => Replacements.All(x => x.ReserveCertificate != r));

    /// <summary>The attempts that count (Callback's own calls, and attempts typed by hand once confirmed), oldest first.</summary>
    public List<CallAttempt> AttemptsOf(string certificate) => [.. AllAttemptsOf(certificate).Where(a => a.Counts)];

    /// <summary>Every attempt recorded, confirmed or not, oldest first.</summary>
    public List<CallAttempt> AllAttemptsOf(string certificate) => [.. Attempts.Where(a => a.CertificateNumber == certificate).OrderBy(a => a.AttemptedAt).ThenBy(a => a.Id)];

    public FindingEntry? FindingOf(string certificate) =>
        Findings.Where(f => f.CertificateNumber == certificate).MaxBy(f => f.Sequence);

    public static async Task<SampleState> LoadAsync(CallbackDbContext db, Inspection inspection, string unitCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(inspection);
        var draw = await db.Draws.AsNoTracking().FirstOrDefaultAsync(d => d.InspectionId == inspection.Id && d.Kind == DrawKind.Persons && d.Unit == unitCode, ct)
            ?? throw RequestRefusedException.Conflict("not-drawn", $"单位 {unitCode} 尚未抽取，请先完成抽取");
        return new SampleState
        {
            Inspection = inspection,
            Draw = draw,
            Replacements = await db.Replacements.AsNoTracking().Where(r => r.InspectionId == inspection.Id && r.UnitCode == unitCode).OrderBy(r => r.Id).ToListAsync(ct),
            Attempts = await db.CallAttempts.AsNoTracking().Where(a => a.InspectionId == inspection.Id && a.UnitCode == unitCode).ToListAsync(ct),
            Findings = await db.FindingEntries.AsNoTracking().Where(f => f.InspectionId == inspection.Id && f.UnitCode == unitCode).ToListAsync(ct),
        };
    }

    private string Current(string certificate)
    {
        // Follow the chain: a reserve may itself have been replaced.
        var current = certificate;
        while (Replacements.FirstOrDefault(r => r.ReplacedCertificate == current) is { } replacement)
            current = replacement.ReserveCertificate;
        return current;
    }
}
