using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Tests.Support;

namespace Callback.Tests.Registry;

/// <summary>Edges of the row validator that mutation testing found unpinned (issue 13).</summary>
public sealed class ValidatorEdgeTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);
    private static readonly RegistryRowValidator Validator = new(RegionCatalog.InnerMongolia, new PhoneListParser());

    private static RowVerdict Validate(params (RegistryColumn Column, string Value)[] changes)
    {
        var cells = Fixtures.ValidRow.Split(',').Select(c => (string?)c).ToArray();
        foreach (var (column, value) in changes)
            cells[(int)column] = value;
        return Validator.Validate(1, cells, Today);
    }

    private static string? Code(RowVerdict verdict, RegistryColumn column) => verdict.Problems.FirstOrDefault(p => p.Column == column)?.Code;

    [Theory]
    [InlineData(50, true)]
    [InlineData(51, false)]
    public void A_name_of_up_to_50_characters_is_accepted(int length, bool accepted)
    {
        var verdict = Validate((RegistryColumn.Name, new string('王', length)));

        Assert.Equal(accepted, verdict.Accepted);
        if (!accepted)
            Assert.Equal((RowProblemCodes.NameTooLong, "姓名超过 50 个字符"), (verdict.Problems[0].Code, verdict.Problems[0].Message));
    }

    [Theory]
    [InlineData(RegistryColumn.Sex, RowProblemCodes.MissingSex, "性别为空")]
    [InlineData(RegistryColumn.Grade, RowProblemCodes.MissingGrade, "残疾等级为空")]
    [InlineData(RegistryColumn.Trained, RowProblemCodes.MissingTraining, "是否参加培训为空")]
    public void An_empty_required_cell_says_which(RegistryColumn column, string code, string message)
    {
        var problem = Assert.Single(Validate((column, "")).Problems, p => p.Column == column);

        Assert.Equal((code, message), (problem.Code, problem.Message));
    }

    [Theory]
    [InlineData("2026-11-29", "2026-11-29")]
    [InlineData("2026/1/5", "2026-01-05")]
    [InlineData("2026年3月4日", "2026-03-04")]
    [InlineData("46000", "2025-12-09")]
    [InlineData("2024-02-29", "2024-02-29")]
    public void Update_dates_are_read_in_the_forms_clerks_write_them(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Validate((RegistryColumn.UpdatedOn, text)).Record?.UpdatedOn);

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-10")]
    [InlineData("2026-04-31")]
    [InlineData("2026-04-00")]
    [InlineData("2025-02-29")]
    [InlineData("2026_11_01")]
    [InlineData("2026-1a-01")]
    [InlineData("20000")]
    public void An_update_date_that_is_no_calendar_date_is_refused_not_thrown(string text)
    {
        var verdict = Validate((RegistryColumn.UpdatedOn, text));

        Assert.Null(verdict.Record);
        Assert.Equal(RowProblemCodes.UpdateDateFormat, Code(verdict, RegistryColumn.UpdatedOn));
    }

    [Fact]
    public void An_update_date_of_today_is_accepted_and_tomorrow_is_refused()
    {
        Assert.True(Validate((RegistryColumn.UpdatedOn, "2026-11-29")).Accepted);
        var tomorrow = Validate((RegistryColumn.UpdatedOn, "2026-11-30"));
        Assert.Equal(RowProblemCodes.UpdateInFuture, Code(tomorrow, RegistryColumn.UpdatedOn));
        Assert.Equal("更新日期 2026-11-30 晚于今天", tomorrow.Problems.Single().Message);
    }

    [Theory]
    [InlineData("1980", true)]
    [InlineData("1979", false)]
    [InlineData("2026", true)]
    public void A_training_year_from_1980_to_this_year_is_accepted(string year, bool accepted)
    {
        var verdict = Validate((RegistryColumn.TrainingYear, year));

        Assert.Equal(accepted, verdict.Accepted);
        if (!accepted)
            Assert.Equal(RowProblemCodes.TrainingYearFormat, Code(verdict, RegistryColumn.TrainingYear));
        else
            Assert.Equal(int.Parse(year, System.Globalization.CultureInfo.InvariantCulture), verdict.Record!.TrainingYear);
    }

    [Theory]
    [InlineData("2025", "", RegistryColumn.TrainingYear)]
    [InlineData("", "盲人按摩", RegistryColumn.TrainingProgramme)]
    [InlineData("2025", "盲人按摩", RegistryColumn.TrainingYear)]
    public void Training_details_for_someone_not_trained_are_refused_naming_the_column_filled(string year, string programme, RegistryColumn named)
    {
        var verdict = Validate((RegistryColumn.Trained, "否"), (RegistryColumn.TrainingYear, year), (RegistryColumn.TrainingProgramme, programme),
            (RegistryColumn.TrainingLength, ""));

        var problem = Assert.Single(verdict.Problems);
        Assert.Equal((named, RowProblemCodes.UntrainedWithTraining, "未参加培训的人员不应填写培训年度或培训项目"), (problem.Column, problem.Code, problem.Message));
    }

    [Fact]
    public void Someone_not_trained_with_no_details_is_accepted_without_year_or_programme()
    {
        var verdict = Validate((RegistryColumn.Trained, "否"), (RegistryColumn.TrainingYear, ""), (RegistryColumn.TrainingProgramme, ""),
            (RegistryColumn.TrainingLength, ""));

        Assert.True(verdict.Accepted);
        Assert.Equal((false, (int?)null, (string?)null), (verdict.Record!.Trained, verdict.Record.TrainingYear, verdict.Record.TrainingProgramme));
    }

    [Fact]
    public void An_unemployed_person_with_a_form_of_employment_is_refused_saying_so()
    {
        var verdict = Validate((RegistryColumn.EmploymentStatus, "未就业"), (RegistryColumn.NotEmployedReason, "在校学习"));

        var problem = Assert.Single(verdict.Problems, p => p.Column == RegistryColumn.EmploymentForm);
        Assert.Equal((RowProblemCodes.UnemployedWithForm, "未就业人员不应填写就业形式"), (problem.Code, problem.Message));
    }

    [Fact]
    public void A_row_without_any_callable_number_is_imported_with_a_warning()
    {
        var verdict = Validate((RegistryColumn.Phone, "无"), (RegistryColumn.GuardianPhone, ""));

        Assert.True(verdict.Accepted);
        Assert.Contains(verdict.Warnings, w => w.Message == "没有可拨打的电话号码（本人及监护人）");
        Assert.Throws<ArgumentNullException>(() => Validator.Validate(1, null!, Today));
    }
}
