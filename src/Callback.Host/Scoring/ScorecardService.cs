using Callback.Domain.Calls;
using Callback.Domain.Inspections;
using Callback.Domain.Scoring;
using Callback.Domain.Sampling;
using Callback.Host.Findings;
using Callback.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Callback.Host.Scoring;

/// <summary>Gathers what a unit's scorecard is computed from and computes it, afresh on every read.</summary>
public sealed class ScorecardService(CallbackDbContext db, IOptions<RubricRules> rules)
{
    public async Task<Scorecard> ComputeAsync(Inspection inspection, string unitCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var id = inspection.Id;
        var drawn = await db.Draws.AnyAsync(d => d.InspectionId == id && d.Kind == DrawKind.Persons && d.Unit == unitCode, ct);
        var findings = new List<Domain.Findings.FindingEntry>();
        var unreachable = new List<string>();
        var cases = new List<Disposition?>();
        if (drawn)
        {
            var state = await SampleState.LoadAsync(db, inspection, unitCode, ct);
            foreach (var certificate in state.Active)
            {
                if (state.FindingOf(certificate) is { } finding)
                    findings.Add(finding);
                else if (inspection.Policy.Unreachable == UnreachableRule.CountAsUntruthful
                    && Reachability.Unreachable(state.AttemptsOf(certificate), inspection.Policy) is not null)
                    unreachable.Add(certificate);
            }

            cases.AddRange(state.Cases.Select(c => Disposition.Find(state.AttemptsOf(c).LastOrDefault()?.Disposition)));
        }

        var scores = await db.ItemScores.AsNoTracking().Where(s => s.InspectionId == id && s.UnitCode == unitCode).ToListAsync(ct);
        var latestScores = scores.GroupBy(s => s.ItemCode).Select(g => g.MaxBy(s => s.Id)!).ToList();
        var figures = await db.UnitFigures.AsNoTracking().Where(f => f.InspectionId == id && f.UnitCode == unitCode)
            .OrderByDescending(f => f.Id).FirstOrDefaultAsync(ct);
        var locked = await db.ScorecardLocks.AsNoTracking().FirstOrDefaultAsync(l => l.InspectionId == id && l.UnitCode == unitCode, ct);
        return ScorecardCalculator.Compute(EvaluationForm.Notice2015, rules.Value,
            new ScorecardInputs(id, unitCode, drawn, findings, unreachable, latestScores, figures, cases, locked));
    }
}
