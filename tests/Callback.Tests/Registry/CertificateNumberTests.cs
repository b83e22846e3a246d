using Callback.Domain.Registry;

namespace Callback.Tests.Registry;

public sealed class CertificateNumberTests
{
    [Theory]
    [InlineData("11010519491231002", 'X')]
    [InlineData("15010519740427431", '8')]
    [InlineData("44052419800101001", '3')]
    public void The_check_character_follows_ISO_7064_MOD_11_2(string first17, char expected) =>
        Assert.Equal(expected, CertificateNumber.CheckCharacter(first17));

    [Fact]
    public void Full_width_digits_and_blanks_are_normalised()
    {
        Assert.Equal("15252720050622881022", CertificateNumber.Normalise("　１５２５２７２００５０６２２８８１０２２ "));
    }

    [Fact]
    public void A_masked_number_hides_the_birth_date_and_sequence()
    {
        var masked = CertificateNumber.Mask("15010519740427431862");
        Assert.Equal("1501************1862", masked);
        Assert.DoesNotContain("19740427", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_tell_category_and_grade_apart()
    {
        var a = CertificateNumber.Key("15010519740427431862");
        var b = CertificateNumber.Key("15010519740427431863");
        var c = CertificateNumber.Key("15010519740427431852");
        Assert.Equal(3, new HashSet<long> { a, b, c }.Count);
    }

    [Fact]
    public void The_sex_is_read_from_the_seventeenth_digit()
    {
        Assert.Equal(Sex.Male, CertificateNumber.SexOf("15010519740427431862"));
        Assert.Equal(Sex.Female, CertificateNumber.SexOf("15010519740427432662"));
    }
}
