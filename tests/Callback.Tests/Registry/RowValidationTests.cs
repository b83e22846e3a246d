using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Tests.Support;

namespace Callback.Tests.Registry;

/// <summary>Row checks beyond the shared fixture, one cell changed at a time from a valid row.</summary>
public sealed class RowValidationTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);
    private readonly RegistryRowValidator _validator = new(RegionCatalog.InnerMongolia, new PhoneListParser());

    private RowVerdict ValidateWith(RegistryColumn column, string? value)
    {
        var cells = Fixtures.ValidRow.Split(',').Select(c => (string?)c).ToArray();
        cells[(int)column] = value;
        return _validator.Validate(1, cells, Today);
    }

    [Fact]
    public void The_valid_row_is_accepted()
    {
        var verdict = ValidateWith(RegistryColumn.Name, "万建");
        Assert.True(verdict.Accepted);
        Assert.Empty(verdict.Problems);
        Assert.Equal("150100", verdict.Record!.UnitCode);
    }

    [Theory]
    [InlineData(RegistryColumn.Category, "聋哑", "unknown-category")]
    [InlineData(RegistryColumn.Category, "", "missing-category")]
    [InlineData(RegistryColumn.Grade, "五级", "unknown-grade")]
    [InlineData(RegistryColumn.Grade, "一级", "grade-mismatch")]
    [InlineData(RegistryColumn.Sex, "M", "unknown-sex")]
    [InlineData(RegistryColumn.County, "", "missing-county")]
    [InlineData(RegistryColumn.County, "15010", "unknown-county")]
    [InlineData(RegistryColumn.EmploymentStatus, "", "missing-employment-status")]
    [InlineData(RegistryColumn.EmploymentForm, "自主创业", "unknown-employment-form")]
    [InlineData(RegistryColumn.Trained, "参加过", "unknown-training")]
    [InlineData(RegistryColumn.TrainingYear, "25", "training-year-format")]
    [InlineData(RegistryColumn.TrainingYear, "2027", "training-year-in-future")]
    [InlineData(RegistryColumn.TrainingProgramme, "", "trained-without-programme")]
    [InlineData(RegistryColumn.TrainingLength, "两周", "unknown-training-length")]
    [InlineData(RegistryColumn.UpdatedOn, "", "missing-update-date")]
    [InlineData(RegistryColumn.UpdatedOn, "去年", "update-date-format")]
    [InlineData(RegistryColumn.UpdatedOn, "2026-02-30", "update-date-format")]
    [InlineData(RegistryColumn.Certificate, "", "missing-certificate")]
    [InlineData(RegistryColumn.Certificate, "1501051974042743A862", "certificate-format")]
    [InlineData(RegistryColumn.Certificate, "15010519741327431862", "id-birth-date")]
    [InlineData(RegistryColumn.Certificate, "15010519740427431882", "category-code")]
    [InlineData(RegistryColumn.Name, "", "missing-name")]
    public void A_bad_cell_rejects_the_row_with_its_code(RegistryColumn column, string value, string code)
    {
        var verdict = ValidateWith(column, value);

        Assert.False(verdict.Accepted);
        Assert.Equal(code, verdict.Problems[0].Code);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", verdict.Problems[0].Message);
    }

    [Fact]
    public void An_unemployed_person_with_a_form_of_employment_is_inconsistent()
    {
        var cells = Fixtures.ValidRow.Split(',').Select(c => (string?)c).ToArray();
        cells[(int)RegistryColumn.EmploymentStatus] = "未就业";
        Assert.Equal("unemployed-with-form", _validator.Validate(1, cells, Today).Problems[0].Code);
    }

    [Fact]
    public void An_untrained_person_with_a_training_year_is_inconsistent()
    {
        var verdict = ValidateWith(RegistryColumn.Trained, "否");
        Assert.Equal("untrained-with-training", verdict.Problems[0].Code);
    }

    [Fact]
    public void Every_problem_of_a_row_is_reported_not_only_the_first()
    {
        var cells = Fixtures.ValidRow.Split(',').Select(c => (string?)c).ToArray();
        cells[(int)RegistryColumn.Name] = "";
        cells[(int)RegistryColumn.County] = "110101";
        var codes = _validator.Validate(1, cells, Today).Problems.Select(p => p.Code);
        Assert.Equal(["missing-name", "county-outside-province"], codes);
    }

    [Theory]
    [InlineData("2026/5/27", 2026, 5, 27)]
    [InlineData("2026.5.27", 2026, 5, 27)]
    [InlineData("20260527", 2026, 5, 27)]
    [InlineData("2026年5月27日", 2026, 5, 27)]
    [InlineData("46169", 2026, 5, 27)]
    public void Update_dates_are_read_in_the_forms_clerks_write_them(string text, int year, int month, int day)
    {
        var verdict = ValidateWith(RegistryColumn.UpdatedOn, text);
        Assert.Equal(new DateOnly(year, month, day), verdict.Record!.UpdatedOn);
    }

    [Theory]
    [InlineData("精神残疾", "二级")]
    [InlineData("精神", "2级")]
    public void Category_and_grade_accept_their_long_and_numeric_forms(string category, string grade)
    {
        var cells = Fixtures.ValidRow.Split(',').Select(c => (string?)c).ToArray();
        cells[(int)RegistryColumn.Category] = category;
        cells[(int)RegistryColumn.Grade] = grade;
        Assert.True(_validator.Validate(1, cells, Today).Accepted);
    }

    [Fact]
    public void A_lower_case_check_character_is_upper_cased()
    {
        Assert.Equal("15010519800101123X11", CertificateNumber.Normalise(" 15010519800101123x11 "));
    }
}
