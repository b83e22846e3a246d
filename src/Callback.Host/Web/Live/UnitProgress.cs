using Callback.Domain.Scoring;
using Callback.Host.Findings;

namespace Callback.Host.Web.Live;

/// <summary>One unit's tile on the dashboard: how far its verification is, and what item 4.4 stands at.</summary>
public sealed record UnitProgress(
    string UnitCode, string UnitName, int SampleSize, int Verified, int Untruthful, int ReservesUsed, int Attempts,
    decimal? TruthfulnessScore, int TruthfulnessMaximum, decimal? ResponseRate, bool Locked)
{
    public static UnitProgress From(string unitCode, string unitName, IReadOnlyList<SamplePersonView> sample, Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(scorecard);
        var item = scorecard.Items.FirstOrDefault(i => i.Code == EvaluationForm.TruthfulnessItem);
        return new UnitProgress(
            unitCode, unitName, sample.Count,
            Verified: sample.Count(p => p.Finding is not null),
            Untruthful: sample.Count(p => p.Finding?.Verdict == nameof(Domain.Findings.Verdict.Untruthful)),
            ReservesUsed: sample.Count(p => p.ReplacedCertificate is not null),
            Attempts: sample.Sum(p => p.Attempts),
            item?.Score, item?.Maximum ?? 0, scorecard.Rates.ResponseRate1, scorecard.Locked);
    }
}
