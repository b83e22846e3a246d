using Callback.Domain.Registry;

namespace Callback.Tests.Registry;

public sealed class PhoneListParserTests
{
    private readonly PhoneListParser _parser = new();

    [Theory]
    [InlineData("17022491594、0471-5074712", new[] { "+8617022491594", "+864715074712" })]
    [InlineData("17022491594/17006261093", new[] { "+8617022491594", "+8617006261093" })]
    [InlineData("17022491594;17006261093,17009089029", new[] { "+8617022491594", "+8617006261093", "+8617009089029" })]
    [InlineData("17022491594 0471-5074712", new[] { "+8617022491594", "+864715074712" })]
    [InlineData("170 2249 1594", new[] { "+8617022491594" })]
    [InlineData("170-2249-1594", new[] { "+8617022491594" })]
    [InlineData("１７０２２４９１５９４", new[] { "+8617022491594" })]
    [InlineData("+86 170 2249 1594", new[] { "+8617022491594" })]
    public void Lists_of_numbers_are_split_and_parsed_as_China_numbers(string cell, string[] expected)
    {
        var list = _parser.Parse(cell);
        Assert.Equal(expected, list.E164);
        Assert.Empty(list.Unparseable);
        Assert.True(list.HasCallable);
    }

    [Theory]
    [InlineData("")]
    [InlineData("无")]
    [InlineData("暂无")]
    public void Placeholders_mean_no_number(string cell)
    {
        var list = _parser.Parse(cell);
        Assert.Empty(list.E164);
        Assert.Empty(list.Unparseable);
    }

    [Fact]
    public void An_invalid_number_is_kept_as_written_and_flagged()
    {
        var list = _parser.Parse("12345、17022491594");
        Assert.Equal(["+8617022491594"], list.E164);
        Assert.Equal(["12345"], list.Unparseable);
        Assert.Equal("12345、17022491594", list.Written);
    }

    [Fact]
    public void A_masked_number_shows_only_its_ends() =>
        Assert.Equal("+86170******94", PhoneList.Mask("+8617022491594"));
}
