using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Registry;
using Callback.Domain.Scoring;

namespace Callback.Tests.Registry;

/// <summary>Certificate number rules mutation testing showed no test pinned (issue 13).</summary>
public sealed class CertificatePinnedTests
{
    [Fact]
    public void Blanks_inside_a_certificate_are_dropped_and_a_lower_case_check_character_raised()
    {
        Assert.Equal("15010519740427431862", CertificateNumber.Normalise(" 150105 1974 0427 4318 62 "));
        Assert.Equal("15010519740427431X62", CertificateNumber.Normalise("15010519740427431x62"));
        Assert.Equal("15010519740427431", CertificateNumber.Normalise("15010519740427431"));
        Assert.Equal("", CertificateNumber.Normalise(null));
    }

    [Theory]
    [InlineData("15010519740427431")]
    [InlineData("1501051974042743")]
    [InlineData("150105197404274318")]
    public void A_certificate_too_short_is_reported_with_its_length_not_a_crash(string shortNumber)
    {
        var validator = new RegistryRowValidator(Domain.Regions.RegionCatalog.InnerMongolia, new PhoneListParser());
        var cells = Support.Fixtures.ValidRow.Split(',').Select(c => (string?)c).ToArray();
        cells[(int)RegistryColumn.Certificate] = shortNumber;

        var verdict = validator.Validate(1, cells, new DateOnly(2026, 11, 29));

        Assert.Null(verdict.Record);
        var problem = Assert.Single(verdict.Problems, p => p.Column == RegistryColumn.Certificate);
        Assert.Equal(RowProblemCodes.CertificateLength, problem.Code);
        Assert.Contains($"实际为 {shortNumber.Length} 位", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(18)]
    [InlineData(19)]
    public void Numbers_that_differ_in_any_digit_the_key_reads_have_different_keys(int position)
    {
        const string number = "15010519740427431862";
        var other = number.ToCharArray();
        other[position] = other[position] == '9' ? '8' : (char)(other[position] + 1);

        Assert.NotEqual(CertificateNumber.Key(number), CertificateNumber.Key(new string(other)));
        Assert.Equal(CertificateNumber.Key(number), CertificateNumber.Key(string.Concat(number.AsSpan(0, 17), "0", number.AsSpan(18))));
    }

    [Theory]
    [InlineData("1.50105E+19", true)]
    [InlineData("1E5", true)]
    [InlineData("15E", false)]
    [InlineData("1501051974042700", true)]   // 16 digits, the tail beyond 15 all zeros
    [InlineData("150105197404270", false)]   // 15 digits: a spreadsheet keeps them all
    [InlineData("1501051974042a00", false)]
    [InlineData("15010519740427431862", false)]
    public void A_number_looks_stored_by_a_spreadsheet_only_in_scientific_notation_or_with_a_zero_tail(string text, bool stored)
    {
        Assert.Equal(stored, CertificateNumber.LooksStoredAsNumber(text));
        Assert.Throws<ArgumentNullException>(() => CertificateNumber.LooksStoredAsNumber(null!));
    }

    [Fact]
    public void The_key_packs_the_first_17_digits_and_the_last_two_exactly_and_only_for_certificate_shapes()
    {
        Assert.Equal(960673263387355634L, CertificateNumber.Key("15010519740427431862"));
        Assert.True(CertificateNumber.TryKey("15010519740427431862", out var key));
        Assert.Equal(960673263387355634L, key);
        Assert.True(CertificateNumber.TryKey("15010519740427431X62", out _));
        Assert.True(CertificateNumber.HasDigitsAndCheckShape("15010519740427431X62"));
        Assert.False(CertificateNumber.HasDigitsAndCheckShape("1501051974042743AX62"));
        foreach (var bad in new[] { "1501051974042743186", "150105197404274318622", "1501051974042743A862", "150105197404274318A2", "1501051974042743186A", "15010519740427431Y62" })
        {
            Assert.False(CertificateNumber.TryKey(bad, out var none));
            Assert.Equal(0, none);
        }

        Assert.Throws<ArgumentNullException>(() => CertificateNumber.TryKey(null!, out _));
    }

    [Theory]
    [InlineData("15010519000101431862", "1900-01-01")]
    [InlineData("15010518991231431862", null)]
    [InlineData("15010519800131431862", "1980-01-31")]
    [InlineData("15010519800132431862", null)]
    [InlineData("15010519810229431862", null)]
    [InlineData("15010519840229431862", "1984-02-29")]
    public void A_birth_date_is_read_only_when_it_is_a_calendar_date_from_1900(string number, string? date) =>
        Assert.Equal(date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), CertificateNumber.BirthDate(number));

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("12345678", "********")]
    [InlineData("123456789", "1234*6789")]
    [InlineData("15010519740427431862", "1501************1862")]
    public void A_masked_number_keeps_the_region_and_last_four_and_a_short_one_is_hidden_whole(string? number, string masked) =>
        Assert.Equal(masked, CertificateNumber.Mask(number));
}
