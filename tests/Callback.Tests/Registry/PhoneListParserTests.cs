using Callback.Domain.Registry;
using PhoneNumbers;

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
        Assert.Equal(cell, list.Written);
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

    [Theory]
    [InlineData("无")]
    [InlineData("暂无")]
    [InlineData("没有")]
    [InlineData("空")]
    [InlineData("-")]
    [InlineData("--")]
    [InlineData("/")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("0")]
    [InlineData("无电话")]
    [InlineData("不详")]
    public void Every_placeholder_is_kept_as_written_and_means_no_number_and_nothing_wrong(string cell)
    {
        var list = _parser.Parse($" {cell} ");
        Assert.Equal(cell, list.Written);
        Assert.Empty(list.E164);
        Assert.Empty(list.Unparseable);

        // Inside a list too: a placeholder beside a number is no unparseable number.
        var beside = _parser.Parse($"17022491594、{cell}");
        Assert.Equal(["+8617022491594"], beside.E164);
        Assert.Empty(beside.Unparseable);
    }

    [Theory]
    [InlineData("(0471) 5074712")]
    [InlineData("（0471）5074712")]
    [InlineData("0471-507-4712")]
    public void Brackets_dashes_and_blanks_inside_one_number_are_dropped(string cell) =>
        Assert.Equal(["+864715074712"], _parser.Parse(cell).E164);

    [Theory]
    [InlineData("、17022491594", new[] { "+8617022491594" })]
    [InlineData("17022491594、、0471-5074712、", new[] { "+8617022491594", "+864715074712" })]
    [InlineData("17022491594；17022491594", new[] { "+8617022491594" })]
    public void Empty_parts_and_repeats_in_a_list_are_dropped(string cell, string[] expected)
    {
        var list = _parser.Parse(cell);
        Assert.Equal(expected, list.E164);
        Assert.Empty(list.Unparseable);
    }

    [Theory]
    [InlineData("1702249159417022491594170224915941702")]   // longer than any number
    [InlineData("1234")]
    [InlineData("17022491594 12345")]                     // blanks between a number and something that is not one
    public void What_is_not_a_number_is_kept_as_written(string cell)
    {
        var list = _parser.Parse(cell);
        Assert.Empty(list.E164);
        Assert.Equal([cell], list.Unparseable);
        Assert.False(list.HasCallable);
    }

    [Fact]
    public void Stored_numbers_are_shown_masked_unless_the_role_needs_them_whole()
    {
        Assert.Equal(["+86170******94", "+86471*****12"], PhoneList.Show("+8617022491594;+864715074712", whole: false));
        Assert.Equal(["+8617022491594", "+864715074712"], PhoneList.Show("+8617022491594;+864715074712", whole: true));
        Assert.Empty(PhoneList.Show(null, whole: true));
        Assert.Empty(PhoneList.Show("", whole: false));
        Assert.Equal("****", PhoneList.Mask(null));
        Assert.Equal("****", PhoneList.Mask("+861234"));
        Assert.Equal("+8612345", PhoneList.Mask("+8612345"));
    }

    [Fact]
    public void A_masked_number_shows_only_its_ends() =>
        Assert.Equal("+86170******94", PhoneList.Mask("+8617022491594"));

    [Fact]
    public void Bare_mobile_numbers_read_without_the_general_parser_get_the_library_s_own_answer_for_every_prefix()
    {
        var util = PhoneNumberUtil.GetInstance();
        var random = new Random(20261201);
        var answered = 0;
        // Every 5-digit start of an 11-digit number, twice with random endings, and the lengths either side.
        for (var prefix = 0; prefix < 100_000; prefix++)
        {
            foreach (var digits in new[] { $"{prefix:D5}{random.Next(1_000_000):D6}", $"{prefix:D5}{random.Next(1_000_000):D6}", $"{prefix:D5}{random.Next(100_000):D5}", $"{prefix:D5}{random.Next(10_000_000):D7}" })
            {
                if (!ChinaMobileFastPath.TryE164(digits, out var fast))
                    continue;
                answered++;
                Assert.Equal(LibraryE164(util, digits), fast);
            }
        }

        // It does answer for the numbers the registry is full of (a fast path that never answers would pass above).
        Assert.True(answered > 8_000, $"answered {answered}");   // about half the 1xxxx prefixes are mobile ranges
        Assert.True(ChinaMobileFastPath.TryE164("17022491594", out var e164));
        Assert.Equal("+8617022491594", e164);
    }

    [Theory]
    [InlineData("１７０２２４９１５９４")]   // full-width digits: the library reads them
    [InlineData("+8617022491594")]
    [InlineData("8617022491594")]
    [InlineData("1702249159")]
    [InlineData("170224915945")]
    [InlineData("04715074712")]
    public void Anything_but_bare_mobile_digits_is_left_to_the_library(string written) =>
        Assert.False(ChinaMobileFastPath.TryE164(written, out _));

    private static string? LibraryE164(PhoneNumberUtil util, string digits)
    {
        try
        {
            var number = util.Parse(digits, "CN");
            return util.IsValidNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
