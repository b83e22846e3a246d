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
    [InlineData("2026-05-27 08:30:00", "2026-05-27")]
    [InlineData("2026/5/27 8:30:05", "2026-05-27")]
    [InlineData("2026/5/27 8:30", "2026-05-27")]
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

    /// <summary>A certificate number valid for the fixture's row (精神, 二级) born on <paramref name="birth"/>.</summary>
    private static string CertificateBornOn(string birth, bool rightChecksum = true)
    {
        var first17 = "150105" + birth + "431";
        var check = CertificateNumber.CheckCharacter(first17);
        if (!rightChecksum)
            check = check == '0' ? '1' : '0';
        return first17 + check + "62";
    }

    [Fact]
    public void A_person_born_today_is_accepted_and_born_tomorrow_is_refused()
    {
        Assert.True(Validate((RegistryColumn.Certificate, CertificateBornOn("20261129"))).Accepted);

        var tomorrow = Validate((RegistryColumn.Certificate, CertificateBornOn("20261130")));
        Assert.Equal(RowProblemCodes.IdBirthDate, Assert.Single(tomorrow.Problems).Code);
    }

    [Theory]
    [InlineData("15010519740427431A62", RowProblemCodes.CertificateFormat)]
    [InlineData("1501051974042743186", RowProblemCodes.CertificateLength)]
    [InlineData("1.50105197404274E+19", RowProblemCodes.CertificateStoredAsNumber)]
    public void A_certificate_refused_for_its_form_is_the_rows_only_problem(string certificate, string code)
    {
        // Category and grade are checked against positions 19 and 20 only when the number itself is sound.
        var verdict = Validate((RegistryColumn.Certificate, certificate), (RegistryColumn.Category, "视力"), (RegistryColumn.Grade, "一级"));

        var problem = Assert.Single(verdict.Problems);
        Assert.Equal((RegistryColumn.Certificate, code), (problem.Column, problem.Code));
    }

    [Fact]
    public void A_certificate_stored_as_a_number_is_explained_to_the_clerk()
    {
        var problem = Assert.Single(Validate((RegistryColumn.Certificate, "150105197404274000")).Problems);

        Assert.Equal(RowProblemCodes.CertificateStoredAsNumber, problem.Code);
        Assert.StartsWith("残疾人证号“150105197404274000”被表格软件当作数字保存", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20261301", true)]
    [InlineData("20261301", false)]
    [InlineData("19740427", false)]
    public void A_certificate_with_a_bad_birth_date_or_checksum_is_not_compared_with_category_and_grade(string birth, bool rightChecksum)
    {
        var verdict = Validate((RegistryColumn.Certificate, CertificateBornOn(birth, rightChecksum)), (RegistryColumn.Category, "视力"), (RegistryColumn.Grade, "一级"));

        var problem = Assert.Single(verdict.Problems);
        Assert.Equal(birth == "19740427" ? RowProblemCodes.IdChecksum : RowProblemCodes.IdBirthDate, problem.Code);
    }

    [Theory]
    [InlineData("110101", RowProblemCodes.CountyOutsideProvince)]
    [InlineData("11010", RowProblemCodes.UnknownCounty)]
    [InlineData("11010a", RowProblemCodes.UnknownCounty)]
    [InlineData("1101011", RowProblemCodes.UnknownCounty)]
    [InlineData("150199", RowProblemCodes.UnknownCounty)]
    public void A_county_code_of_another_province_is_told_apart_from_one_that_is_no_code(string code, string expected) =>
        Assert.Equal(expected, Code(Validate((RegistryColumn.County, code)), RegistryColumn.County));

    [Fact]
    public void Phone_numbers_are_left_as_written_when_not_parsed()
    {
        var cells = Fixtures.ValidRow.Split(',').Select(c => (string?)c).ToArray();
        cells[(int)RegistryColumn.Phone] = "不是号码";

        var verdict = Validator.Validate(1, cells, Today, parsePhones: false);

        Assert.Empty(verdict.Warnings);
        Assert.Equal(("不是号码", 0, 0), (verdict.Record!.Phone.Written, verdict.Record.Phone.E164.Count, verdict.Record.Phone.Unparseable.Count));
        Assert.Equal(("17006261093", 0), (verdict.Record.GuardianPhone.Written, verdict.Record.GuardianPhone.E164.Count));
    }

    [Fact]
    public void Each_unparseable_number_is_a_warning_naming_its_column()
    {
        var verdict = Validate((RegistryColumn.Phone, "12345、17022491594"), (RegistryColumn.GuardianPhone, "abc"));

        Assert.True(verdict.Accepted);
        Assert.Equal(
            [(RegistryColumn.Phone, "联系电话“12345”不是有效的电话号码"), (RegistryColumn.GuardianPhone, "监护人电话“abc”不是有效的电话号码")],
            verdict.Warnings.Select(w => (w.Column, w.Message)));
    }

    [Fact]
    public void A_trained_person_is_recorded_as_trained_and_empty_optional_cells_become_nothing()
    {
        var record = Validate((RegistryColumn.Employer, ""), (RegistryColumn.NotEmployedReason, "")).Record!;

        Assert.True(record.Trained);
        Assert.Null(record.Employer);
        Assert.Null(record.NotEmployedReason);
    }

    [Theory]
    [InlineData("2026-05-27", true)]
    [InlineData("0001-01-01", true)]
    [InlineData("9999-12-31", true)]
    [InlineData("2024-02-29", true)]
    [InlineData("0000-01-01", false)]
    [InlineData("2026-00-01", false)]
    [InlineData("2026-12-00", false)]
    [InlineData("2026-13-01", false)]
    [InlineData("2026-04-31", false)]
    [InlineData("2026/05/27", false)]
    [InlineData("2026-05/27", false)]
    [InlineData("2026/05-27", false)]
    [InlineData("202a-05-27", false)]
    [InlineData("2026-0a-27", false)]
    [InlineData("2026-05-2a", false)]
    [InlineData("2026-5-27", false)]
    public void The_fast_path_reads_exactly_the_iso_calendar_dates(string text, bool read)
    {
        // Anything it refuses goes on to the slower culture-aware formats; it must never accept a wrong date.
        Assert.Equal(read, RegistryRowValidator.TryParseIsoDate(text, out var date));
        if (read)
            Assert.Equal(DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), date);
    }
}
