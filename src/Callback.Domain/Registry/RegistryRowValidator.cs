using System.Globalization;
using Callback.Domain.Regions;
using static Callback.Domain.Registry.RowProblemCodes;

namespace Callback.Domain.Registry;

/// <summary>
/// Normalises and validates one row of a registry export (registry-format.md). Checks run in a fixed
/// order and every problem of a row is reported; the first one is the row's headline verdict.
/// Thread-safe: it holds only immutable reference data.
/// </summary>
public sealed class RegistryRowValidator(RegionCatalog regions, PhoneListParser phones)
{
    public const int MaxNameLength = 50;

    private static readonly string[] DateFormats =
        ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm"];

    /// <param name="row">Row number, 1 = the first row after the header.</param>
    /// <param name="cells">Cells indexed by <see cref="RegistryColumn"/>; null where the file lacks the column.</param>
    /// <param name="today">Today in the registry's time zone (Asia/Shanghai), for "not in the future".</param>
    /// <param name="parsePhones">False leaves the phone lists as written: phone numbers never decide a verdict.</param>
    public RowVerdict Validate(int row, IReadOnlyList<string?> cells, DateOnly today, bool parsePhones = true)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var problems = new List<RowProblem>();
        string Cell(RegistryColumn c) => TextNormaliser.Clean(cells[(int)c]);
        void Reject(RegistryColumn c, string code, string message) => problems.Add(new RowProblem(c, code, message));

        var name = Cell(RegistryColumn.Name);
        if (name.Length == 0)
            Reject(RegistryColumn.Name, MissingName, "姓名为空");
        else if (name.Length > MaxNameLength)
            Reject(RegistryColumn.Name, NameTooLong, $"姓名超过 {MaxNameLength} 个字符");

        var certificate = CertificateNumber.Normalise(cells[(int)RegistryColumn.Certificate]);
        var certificateValid = ValidateCertificate(certificate, today, problems);

        var category = ParseCategory(Cell(RegistryColumn.Category), certificate, certificateValid, problems);
        var grade = ParseGrade(Cell(RegistryColumn.Grade), certificate, certificateValid, problems);
        var sex = ParseSex(Cell(RegistryColumn.Sex), certificate, certificateValid, problems);

        var countyCode = Cell(RegistryColumn.County);
        var county = regions.FindCounty(countyCode);
        if (countyCode.Length == 0)
            Reject(RegistryColumn.County, MissingCounty, "所属地区代码为空");
        else if (county is null && IsCodeOfAnotherProvince(countyCode))
            Reject(RegistryColumn.County, CountyOutsideProvince, $"所属地区代码 {countyCode} 不属于内蒙古自治区");
        else if (county is null)
            Reject(RegistryColumn.County, UnknownCounty, $"所属地区代码 {countyCode} 不是内蒙古自治区的县级行政区划代码");

        var (status, form) = ParseEmployment(Cell(RegistryColumn.EmploymentStatus), Cell(RegistryColumn.EmploymentForm), problems);
        var (trained, year, programme, length) = ParseTraining(
            Cell(RegistryColumn.Trained), Cell(RegistryColumn.TrainingYear), Cell(RegistryColumn.TrainingProgramme),
            Cell(RegistryColumn.TrainingLength), today, problems);
        var updatedOn = ParseUpdateDate(Cell(RegistryColumn.UpdatedOn), today, problems);

        if (problems.Count > 0)
            return new RowVerdict(row, null, problems, []);

        var phone = parsePhones ? phones.Parse(cells[(int)RegistryColumn.Phone]) : PhoneList.Unparsed(cells[(int)RegistryColumn.Phone]);
        var guardian = parsePhones ? phones.Parse(cells[(int)RegistryColumn.GuardianPhone]) : PhoneList.Unparsed(cells[(int)RegistryColumn.GuardianPhone]);
        var record = new PersonRecord
        {
            CertificateNumber = certificate,
            Name = name,
            Sex = sex!.Value,
            Category = category!.Value,
            Grade = grade!.Value,
            CountyCode = county!.Code,
            UnitCode = county.UnitCode,
            Phone = phone,
            GuardianPhone = guardian,
            EmploymentStatus = status!.Value,
            EmploymentForm = form,
            Employer = NullIfEmpty(Cell(RegistryColumn.Employer)),
            NotEmployedReason = NullIfEmpty(Cell(RegistryColumn.NotEmployedReason)),
            Trained = trained!.Value,
            TrainingYear = year,
            TrainingProgramme = programme,
            TrainingLength = length,
            UpdatedOn = updatedOn!.Value,
        };
        return new RowVerdict(row, record, [], parsePhones ? PhoneWarnings(record) : []);
    }

    private static List<RowProblem> PhoneWarnings(PersonRecord record)
    {
        var warnings = new List<RowProblem>();
        foreach (var bad in record.Phone.Unparseable)
            warnings.Add(new RowProblem(RegistryColumn.Phone, PhoneUnparseable, $"联系电话“{bad}”不是有效的电话号码"));
        foreach (var bad in record.GuardianPhone.Unparseable)
            warnings.Add(new RowProblem(RegistryColumn.GuardianPhone, PhoneUnparseable, $"监护人电话“{bad}”不是有效的电话号码"));
        if (!record.HasCallableNumber)
            warnings.Add(new RowProblem(RegistryColumn.Phone, NoCallableNumber, "没有可拨打的电话号码（本人及监护人）"));
        return warnings;
    }

    private static bool ValidateCertificate(string certificate, DateOnly today, List<RowProblem> problems)
    {
        const RegistryColumn column = RegistryColumn.Certificate;
        if (certificate.Length == 0)
        {
            problems.Add(new RowProblem(column, MissingCertificate, "残疾人证号为空"));
            return false;
        }

        if (CertificateNumber.LooksStoredAsNumber(certificate))
        {
            problems.Add(new RowProblem(column, CertificateStoredAsNumber,
                $"残疾人证号“{certificate}”被表格软件当作数字保存，末几位已丢失（数字只保留 15 位有效数字）：请把该列设为“文本”格式，从实名制系统重新导出后再导入"));
            return false;
        }

        if (certificate.Length != CertificateNumber.Length)
        {
            problems.Add(new RowProblem(column, CertificateLength, $"残疾人证号应为 20 位，实际为 {certificate.Length} 位"));
            return false;
        }

        if (!CertificateNumber.HasDigitsAndCheckShape(certificate))
        {
            problems.Add(new RowProblem(column, CertificateFormat, "残疾人证号前 17 位应为数字，第 18 位应为数字或 X"));
            return false;
        }

        var birth = CertificateNumber.BirthDate(certificate);
        if (birth is null || birth > today)
        {
            problems.Add(new RowProblem(column, IdBirthDate, "残疾人证号中的出生日期不是有效日期"));
            return false;
        }

        var expected = CertificateNumber.CheckCharacter(certificate);
        if (certificate[17] != expected)
        {
            problems.Add(new RowProblem(column, IdChecksum, $"残疾人证号第 18 位校验码错误（应为 {expected}）"));
            return false;
        }

        var ok = true;
        if (certificate[18] is < '1' or > '7')
        {
            problems.Add(new RowProblem(column, CategoryCode, $"残疾人证号第 19 位残疾类别代码“{certificate[18]}”无效（应为 1–7）"));
            ok = false;
        }

        if (certificate[19] is < '1' or > '4')
        {
            problems.Add(new RowProblem(column, GradeCode, $"残疾人证号第 20 位残疾等级代码“{certificate[19]}”无效（应为 1–4）"));
            ok = false;
        }

        return ok;
    }

    private static DisabilityCategory? ParseCategory(string text, string certificate, bool certificateValid, List<RowProblem> problems)
    {
        const RegistryColumn column = RegistryColumn.Category;
        if (text.Length == 0)
        {
            problems.Add(new RowProblem(column, MissingCategory, "残疾类别为空"));
            return null;
        }

        if (!Vocabulary.TryParseCategory(text, out var category))
        {
            problems.Add(new RowProblem(column, UnknownCategory, $"残疾类别“{text}”无法识别（视力、听力、言语、肢体、智力、精神、多重）"));
            return null;
        }

        if (certificateValid && (int)category != certificate[18] - '0')
        {
            var fromCertificate = (DisabilityCategory)(certificate[18] - '0');
            problems.Add(new RowProblem(column, CategoryMismatch, $"残疾类别“{text}”与残疾人证号第 19 位（{Vocabulary.Text(fromCertificate)}）不一致"));
        }

        return category;
    }

    private static DisabilityGrade? ParseGrade(string text, string certificate, bool certificateValid, List<RowProblem> problems)
    {
        const RegistryColumn column = RegistryColumn.Grade;
        if (text.Length == 0)
        {
            problems.Add(new RowProblem(column, MissingGrade, "残疾等级为空"));
            return null;
        }

        if (!Vocabulary.TryParseGrade(text, out var grade))
        {
            problems.Add(new RowProblem(column, UnknownGrade, $"残疾等级“{text}”无法识别（一级至四级）"));
            return null;
        }

        if (certificateValid && (int)grade != certificate[19] - '0')
        {
            var fromCertificate = (DisabilityGrade)(certificate[19] - '0');
            problems.Add(new RowProblem(column, GradeMismatch, $"残疾等级“{text}”与残疾人证号第 20 位（{Vocabulary.Text(fromCertificate)}）不一致"));
        }

        return grade;
    }

    private static Sex? ParseSex(string text, string certificate, bool certificateValid, List<RowProblem> problems)
    {
        const RegistryColumn column = RegistryColumn.Sex;
        if (text.Length == 0)
        {
            problems.Add(new RowProblem(column, MissingSex, "性别为空"));
            return null;
        }

        if (!Vocabulary.TryParseSex(text, out var sex))
        {
            problems.Add(new RowProblem(column, UnknownSex, $"性别“{text}”无法识别（男 / 女）"));
            return null;
        }

        if (certificateValid && sex != CertificateNumber.SexOf(certificate))
            problems.Add(new RowProblem(column, SexMismatch, $"性别“{text}”与残疾人证号第 17 位（{Vocabulary.Text(CertificateNumber.SexOf(certificate))}）不一致"));
        return sex;
    }

    private static (EmploymentStatus?, EmploymentForm?) ParseEmployment(string statusText, string formText, List<RowProblem> problems)
    {
        if (statusText.Length == 0)
        {
            problems.Add(new RowProblem(RegistryColumn.EmploymentStatus, MissingEmploymentStatus, "就业状况为空"));
            return (null, null);
        }

        if (!Vocabulary.TryParseEmployment(statusText, out var status))
        {
            problems.Add(new RowProblem(RegistryColumn.EmploymentStatus, UnknownEmploymentStatus, $"就业状况“{statusText}”无法识别（已就业 / 未就业）"));
            return (null, null);
        }

        EmploymentForm? form = null;
        if (formText.Length > 0)
        {
            if (Vocabulary.TryParseForm(formText, out var parsed))
                form = parsed;
            else
                problems.Add(new RowProblem(RegistryColumn.EmploymentForm, UnknownEmploymentForm, $"就业形式“{formText}”无法识别"));
        }

        if (status == EmploymentStatus.Employed && formText.Length == 0)
            problems.Add(new RowProblem(RegistryColumn.EmploymentForm, EmployedWithoutForm, "已就业人员缺少就业形式"));
        if (status == EmploymentStatus.NotEmployed && formText.Length > 0)
            problems.Add(new RowProblem(RegistryColumn.EmploymentForm, UnemployedWithForm, "未就业人员不应填写就业形式"));
        return (status, form);
    }

    private static (bool?, int?, string?, TrainingLength?) ParseTraining(
        string trainedText, string yearText, string programme, string lengthText, DateOnly today, List<RowProblem> problems)
    {
        if (trainedText.Length == 0)
        {
            problems.Add(new RowProblem(RegistryColumn.Trained, MissingTraining, "是否参加培训为空"));
            return (null, null, null, null);
        }

        if (!Vocabulary.TryParseYesNo(trainedText, out var trained))
        {
            problems.Add(new RowProblem(RegistryColumn.Trained, UnknownTraining, $"是否参加培训“{trainedText}”无法识别（是 / 否）"));
            return (null, null, null, null);
        }

        TrainingLength? length = null;
        if (lengthText.Length > 0)
        {
            if (Vocabulary.TryParseLength(lengthText, out var parsed))
                length = parsed;
            else
                problems.Add(new RowProblem(RegistryColumn.TrainingLength, UnknownTrainingLength, $"培训周期“{lengthText}”无法识别（长期 / 中期 / 短期）"));
        }

        if (!trained)
        {
            if (yearText.Length > 0 || programme.Length > 0)
                problems.Add(new RowProblem(yearText.Length > 0 ? RegistryColumn.TrainingYear : RegistryColumn.TrainingProgramme,
                    UntrainedWithTraining, "未参加培训的人员不应填写培训年度或培训项目"));
            return (false, null, null, length);
        }

        int? year = null;
        if (yearText.Length == 0)
        {
            problems.Add(new RowProblem(RegistryColumn.TrainingYear, TrainedWithoutYear, "参加培训的人员缺少培训年度"));
        }
        else if (yearText.Length != 4 || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y < 1980)
        {
            problems.Add(new RowProblem(RegistryColumn.TrainingYear, TrainingYearFormat, $"培训年度“{yearText}”应为四位年份"));
        }
        else if (y > today.Year)
        {
            problems.Add(new RowProblem(RegistryColumn.TrainingYear, TrainingYearInFuture, $"培训年度 {y} 晚于今年"));
        }
        else
        {
            year = y;
        }

        if (programme.Length == 0)
            problems.Add(new RowProblem(RegistryColumn.TrainingProgramme, TrainedWithoutProgramme, "参加培训的人员缺少培训项目"));
        return (true, year, NullIfEmpty(programme), length);
    }

    private static DateOnly? ParseUpdateDate(string text, DateOnly today, List<RowProblem> problems)
    {
        const RegistryColumn column = RegistryColumn.UpdatedOn;
        if (text.Length == 0)
        {
            problems.Add(new RowProblem(column, MissingUpdateDate, "更新日期为空"));
            return null;
        }

        DateOnly date;
        if (TryParseIsoDate(text, out var iso))
        {
            date = iso;
        }
        else if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = DateOnly.FromDateTime(parsed);
        }
        else if (text.Length == 5 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial > 20000)
        {
            // An Excel date serial that reached the CSV as a number.
            date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
        }
        else
        {
            problems.Add(new RowProblem(column, UpdateDateFormat, $"更新日期“{text}”不是可识别的日期（如 2026-05-27）"));
            return null;
        }

        if (date > today)
        {
            problems.Add(new RowProblem(column, UpdateInFuture, $"更新日期 {date:yyyy-MM-dd} 晚于今天"));
            return null;
        }

        return date;
    }

    /// <summary>The common yyyy-MM-dd, without the cost of culture-aware parsing (a million rows each have one).</summary>
    internal static bool TryParseIsoDate(string text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-')
            return false;
        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(text.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day))
            return false;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Six digits not starting with Inner Mongolia's 15: a real county code, but of another province.</summary>
    private static bool IsCodeOfAnotherProvince(string code) =>
        code.Length == 6 && code.All(char.IsAsciiDigit) && !code.StartsWith(RegionCatalog.ProvincePrefix, StringComparison.Ordinal);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
