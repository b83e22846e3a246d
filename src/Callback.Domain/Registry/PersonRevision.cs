namespace Callback.Domain.Registry;

/// <summary>
/// One state of a person's registry record. A person is identified by the certificate number; each import
/// that changes the record closes the current revision (<see cref="ValidToVersion"/>) and opens a new one,
/// so the registry at version v is every revision with ValidFrom ≤ v and (ValidTo null or ValidTo &gt; v).
/// </summary>
public sealed class PersonRevision
{
    public long Id { get; set; }
    public required string CertificateNumber { get; set; }
    public long ValidFromVersion { get; set; }
    public long? ValidToVersion { get; set; }
    public int SourceRow { get; set; }
    public required string Name { get; set; }
    public Sex Sex { get; set; }
    public DisabilityCategory Category { get; set; }
    public DisabilityGrade Grade { get; set; }
    public required string CountyCode { get; set; }
    public required string UnitCode { get; set; }
    public string? PhoneWritten { get; set; }
    public string? PhoneE164 { get; set; }
    public string? GuardianPhoneWritten { get; set; }
    public string? GuardianPhoneE164 { get; set; }
    public bool HasCallableNumber { get; set; }
    public EmploymentStatus EmploymentStatus { get; set; }
    public EmploymentForm? EmploymentForm { get; set; }
    public string? Employer { get; set; }
    public string? NotEmployedReason { get; set; }
    public bool Trained { get; set; }
    public int? TrainingYear { get; set; }
    public string? TrainingProgramme { get; set; }
    public TrainingLength? TrainingLength { get; set; }
    public DateOnly UpdatedOn { get; set; }
    public bool IsSynthetic { get; set; }

    /// <summary>128-bit hash of the record's content (16 bytes): equal hashes mean an unchanged record on re-import.</summary>
    public required byte[] ContentHash { get; set; }

    public static PersonRevision From(PersonRecord record, long version, int sourceRow, bool synthetic, UInt128 contentHash)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new PersonRevision
        {
            CertificateNumber = record.CertificateNumber,
            ValidFromVersion = version,
            SourceRow = sourceRow,
            Name = record.Name,
            Sex = record.Sex,
            Category = record.Category,
            Grade = record.Grade,
            CountyCode = record.CountyCode,
            UnitCode = record.UnitCode,
            PhoneWritten = NullIfEmpty(record.Phone.Written),
            PhoneE164 = NullIfEmpty(record.Phone.Joined),
            GuardianPhoneWritten = NullIfEmpty(record.GuardianPhone.Written),
            GuardianPhoneE164 = NullIfEmpty(record.GuardianPhone.Joined),
            HasCallableNumber = record.HasCallableNumber,
            EmploymentStatus = record.EmploymentStatus,
            EmploymentForm = record.EmploymentForm,
            Employer = record.Employer,
            NotEmployedReason = record.NotEmployedReason,
            Trained = record.Trained,
            TrainingYear = record.TrainingYear,
            TrainingProgramme = record.TrainingProgramme,
            TrainingLength = record.TrainingLength,
            UpdatedOn = record.UpdatedOn,
            IsSynthetic = synthetic,
            ContentHash = HashBytes(contentHash),
        };
    }

    public static byte[] HashBytes(UInt128 hash)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, hash);
        return bytes;
    }

    public static UInt128 HashValue(ReadOnlySpan<byte> bytes) => System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
