namespace Callback.Domain.Registry;

/// <summary>The English codes of row problems, stable for scripts and reports.</summary>
public static class RowProblemCodes
{
    public const string MissingName = "missing-name";
    public const string NameTooLong = "name-too-long";
    public const string MissingSex = "missing-sex";
    public const string UnknownSex = "unknown-sex";
    public const string SexMismatch = "sex-mismatch";
    public const string MissingCertificate = "missing-certificate";
    public const string CertificateLength = "certificate-length";
    public const string CertificateStoredAsNumber = "certificate-stored-as-number";
    public const string CertificateFormat = "certificate-format";
    public const string OutsideScope = "outside-scope";
    public const string IdBirthDate = "id-birth-date";
    public const string IdChecksum = "id-checksum";
    public const string CategoryCode = "category-code";
    public const string GradeCode = "grade-code";
    public const string MissingCategory = "missing-category";
    public const string UnknownCategory = "unknown-category";
    public const string CategoryMismatch = "category-mismatch";
    public const string MissingGrade = "missing-grade";
    public const string UnknownGrade = "unknown-grade";
    public const string GradeMismatch = "grade-mismatch";
    public const string MissingCounty = "missing-county";
    public const string UnknownCounty = "unknown-county";
    public const string CountyOutsideProvince = "county-outside-province";
    public const string MissingEmploymentStatus = "missing-employment-status";
    public const string UnknownEmploymentStatus = "unknown-employment-status";
    public const string EmployedWithoutForm = "employed-without-form";
    public const string UnknownEmploymentForm = "unknown-employment-form";
    public const string UnemployedWithForm = "unemployed-with-form";
    public const string MissingTraining = "missing-training";
    public const string UnknownTraining = "unknown-training";
    public const string TrainedWithoutYear = "trained-without-year";
    public const string TrainingYearFormat = "training-year-format";
    public const string TrainingYearInFuture = "training-year-in-future";
    public const string TrainedWithoutProgramme = "trained-without-programme";
    public const string UntrainedWithTraining = "untrained-with-training";
    public const string UnknownTrainingLength = "unknown-training-length";
    public const string MissingUpdateDate = "missing-update-date";
    public const string UpdateDateFormat = "update-date-format";
    public const string UpdateInFuture = "update-in-future";
    public const string DuplicateCertificate = "duplicate-certificate";

    // Warnings: the row is imported, the problem is reported (data quality, item 4.3).
    public const string PhoneUnparseable = "phone-unparseable";
    public const string NoCallableNumber = "no-callable-number";
}
