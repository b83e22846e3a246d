using Callback.Domain.Calls;
using Callback.Domain.Scoring;

namespace Callback.Tests.Scoring;

public sealed class RubricTests
{
    private readonly EvaluationForm _form = EvaluationForm.Notice2015;

    [Fact]
    public void The_form_has_its_22_items_with_the_printed_maxima()
    {
        var expected = new (string Code, int Maximum)[]
        {
            ("1.1", 3), ("1.2", 2), ("2.1", 2), ("2.2", 2), ("2.3", 2), ("2.4", 4), ("3.1", 2), ("3.2", 3), ("3.3", 2), ("3.4", 3), ("3.5", 5),
            ("3.6", 3), ("3.7", 2), ("4.1", 5), ("4.2", 15), ("4.3", 10), ("4.4", 20), ("4.5", 6), ("5.1", 2), ("5.2", 3), ("5.3", 2), ("5.4", 3),
        };
        Assert.Equal(expected, _form.Items.Select(i => (i.Code, i.Maximum)));
        Assert.Equal(101, _form.PrintedTotal);
        Assert.Equal("数据指标真实性", _form.Find("4.4")!.Title);
        Assert.Equal("在实名制系统中随机抽取10名残疾人时进行回访，每一个不真实减2分直到减完为止。", _form.Find("4.4")!.Standard);
        Assert.Equal(5, _form.Items.Select(i => i.Category).Distinct().Count());
    }

    [Fact]
    public void The_forms_own_inconsistencies_are_found_and_shown()
    {
        var found = _form.Inconsistencies();
        Assert.Contains(found, i => i.Code == "total-not-100" && i.Message.Contains("101", StringComparison.Ordinal));
        Assert.Contains(found, i => i.Code == "standard-exceeds-maximum" && i.Item == "4.2" && i.Message.Contains("20", StringComparison.Ordinal));
        Assert.Equal(2, found.Count);
    }

    [Theory]
    [InlineData(0, 20)]
    [InlineData(1, 18)]
    [InlineData(9, 2)]
    [InlineData(10, 0)]
    [InlineData(12, 0)]
    public void Item_4_4_loses_2_points_per_untruthful_record_and_never_goes_below_0(int untruthful, int score) =>
        Assert.Equal(score, ItemFormulas.Truthfulness(untruthful));

    [Theory]
    [InlineData(1.0, EntryItemRule.ScaleToMaximum, 15.0)]
    [InlineData(0.97, EntryItemRule.ScaleToMaximum, 14.6)]
    [InlineData(0.90, EntryItemRule.ScaleToMaximum, 7.5)]
    [InlineData(1.0, EntryItemRule.CapAtMaximum, 15.0)]
    [InlineData(0.97, EntryItemRule.CapAtMaximum, 15.0)]
    [InlineData(0.90, EntryItemRule.CapAtMaximum, 10.0)]
    public void Item_4_2_follows_its_standard_within_its_maximum_by_the_configured_rule(double rate, EntryItemRule rule, double score) =>
        Assert.Equal((decimal)score, ItemFormulas.Entry((decimal)rate, 15, rule));

    [Fact]
    public void The_total_can_also_be_scaled_to_100()
    {
        var inputs = new ScorecardInputs(1, "150100", true, [], [], [], null, [], null);
        var asPrinted = ScorecardCalculator.Compute(_form, new RubricRules(), inputs);
        var scaled = ScorecardCalculator.Compute(_form, new RubricRules { Total = TotalRule.ScaleTo100 }, inputs);

        Assert.Equal(20m, asPrinted.Total);
        Assert.Null(asPrinted.TotalOutOf100);
        Assert.Equal(19.8m, scaled.TotalOutOf100);
        Assert.Equal(101, scaled.PrintedMaximum);
    }

    [Fact]
    public void Before_the_draw_item_4_4_has_no_score_rather_than_a_full_one()
    {
        var card = ScorecardCalculator.Compute(_form, new RubricRules(), new ScorecardInputs(1, "150100", false, [], [], [], null, [], null));
        var item = card.Items.Single(i => i.Code == "4.4");
        Assert.Null(item.Score);
        Assert.Equal("not-drawn", item.Source);
        Assert.Equal(0m, card.Total);
    }

    [Fact]
    public void Aapor_rates_follow_the_standard_definitions()
    {
        // 6 complete, 1 refusal, 1 unable (other), 1 no answer (unknown), 1 not in service (ineligible).
        Disposition?[] cases =
        [
            .. Enumerable.Repeat(Disposition.Completed, 6), Disposition.Refused, Disposition.UnableVoice, Disposition.NoAnswer, Disposition.NotInService,
        ];
        var rates = AaporRates.Compute(cases);

        Assert.Equal(10, rates.Cases);
        Assert.Equal(Math.Round(6m / 9, 4), rates.ResponseRate1);
        Assert.Equal(Math.Round(8m / 9, 4), rates.ContactRate1);
        Assert.Equal(Math.Round(1m / 9, 4), rates.RefusalRate1);
        Assert.Null(AaporRates.Compute([]).ResponseRate1);
    }
}
