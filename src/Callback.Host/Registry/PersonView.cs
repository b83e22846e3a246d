using Callback.Domain.Regions;
using Callback.Domain.Registry;

namespace Callback.Host.Registry;

/// <summary>
/// A person's record as the API shows it. Certificate and phone numbers are whole only for roles that
/// need them (administrators); others see them masked.
/// </summary>
public sealed record PersonView(
    string Certificate, string Name, string Sex, string Category, string Grade,
    string CountyCode, string? CountyName, string UnitCode,
    IReadOnlyList<string> Phones, IReadOnlyList<string> GuardianPhones, string? PhoneWritten, string? GuardianPhoneWritten,
    bool HasCallableNumber, string EmploymentStatus, string? EmploymentForm, string? Employer, string? NotEmployedReason,
    bool Trained, int? TrainingYear, string? TrainingProgramme, string? TrainingLength, DateOnly UpdatedOn,
    bool Synthetic, long ValidFromVersion, long? ValidToVersion)
{
    public static PersonView From(PersonRevision p, RegionCatalog regions, bool reveal)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(regions);
        return new PersonView(
            reveal ? p.CertificateNumber : CertificateNumber.Mask(p.CertificateNumber),
            p.Name, Vocabulary.Text(p.Sex), Vocabulary.Text(p.Category), Vocabulary.Text(p.Grade),
            p.CountyCode, regions.FindCounty(p.CountyCode)?.Name, p.UnitCode,
            PhoneList.Show(p.PhoneE164, reveal), PhoneList.Show(p.GuardianPhoneE164, reveal),
            reveal ? p.PhoneWritten : null, reveal ? p.GuardianPhoneWritten : null,
            p.HasCallableNumber, Vocabulary.Text(p.EmploymentStatus), p.EmploymentForm is { } f ? Vocabulary.Text(f) : null,
            p.Employer, p.NotEmployedReason, p.Trained, p.TrainingYear, p.TrainingProgramme,
            p.TrainingLength is { } l ? Vocabulary.Text(l) : null, p.UpdatedOn, p.IsSynthetic, p.ValidFromVersion, p.ValidToVersion);
    }
}

public sealed record VersionView(
    long Version, DateTimeOffset ImportedAt, string ImportedBy, string FileName, string FileSha256, long FileSize, string Format,
    string? Encoding, bool Synthetic, int RowsRead, int Added, int Changed, int Unchanged, int Rejected, int WithoutCallableNumber, int Removed, string Scope)
{
    public static VersionView From(RegistryVersion v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Id, v.ImportedAt, v.ImportedBy, v.FileName, v.FileSha256, v.FileSize, v.Format, v.Encoding, v.IsSynthetic,
            v.RowsRead, v.Added, v.Changed, v.Unchanged, v.Rejected, v.WithoutCallableNumber, v.Removed, v.Scope);
    }
}

public sealed record PersonPage(long Version, int Page, int PageSize, int Total, IReadOnlyList<PersonView> Items);
