namespace Callback.Domain.Calls;

/// <summary>
/// AAPOR outcome rates over cases (one case per sampled person, by its latest disposition):
/// RR1 = I / ((I+P) + (R+NC+O) + (UH+UO)); CON1 = ((I+P) + R + O) / ((I+P) + R + O + NC + (UH+UO));
/// REF1 = R / ((I+P) + (R+NC+O) + (UH+UO)). Not-eligible cases are left out; a case never attempted counts as
/// unknown eligibility. A rate with no cases is null, not zero.
/// </summary>
public sealed record AaporRates(int Cases, decimal? ResponseRate1, decimal? ContactRate1, decimal? RefusalRate1)
{
    public static AaporRates Compute(IEnumerable<Disposition?> caseDispositions)
    {
        ArgumentNullException.ThrowIfNull(caseDispositions);
        int i = 0, p = 0, r = 0, nc = 0, o = 0, u = 0, cases = 0;
        foreach (var d in caseDispositions)
        {
            cases++;
            switch (d?.Group ?? AaporGroup.UnknownEligibility)
            {
                case AaporGroup.Complete: i++; break;
                case AaporGroup.Partial: p++; break;
                case AaporGroup.Refusal: r++; break;
                case AaporGroup.NonContact: nc++; break;
                case AaporGroup.Other: o++; break;
                case AaporGroup.UnknownEligibility: u++; break;
                default: break;
            }
        }

        decimal? Ratio(int numerator, int denominator) => denominator == 0 ? null : Math.Round((decimal)numerator / denominator, 4);
        var all = i + p + r + nc + o + u;
        return new AaporRates(cases, Ratio(i, all), Ratio(i + p + r + o, all), Ratio(r, all));
    }
}
