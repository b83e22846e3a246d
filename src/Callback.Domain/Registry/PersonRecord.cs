namespace Callback.Domain.Registry;

/// <summary>One person's registry record after normalisation and validation: what a registry version holds.</summary>
public sealed record PersonRecord
{
    public required string CertificateNumber { get; init; }
    public required string Name { get; init; }
    public required Sex Sex { get; init; }
    public required DisabilityCategory Category { get; init; }
    public required DisabilityGrade Grade { get; init; }
    public required string CountyCode { get; init; }
    public required string UnitCode { get; init; }
    public required PhoneList Phone { get; init; }
    public required PhoneList GuardianPhone { get; init; }
    public required EmploymentStatus EmploymentStatus { get; init; }
    public EmploymentForm? EmploymentForm { get; init; }
    public string? Employer { get; init; }
    public string? NotEmployedReason { get; init; }
    public required bool Trained { get; init; }
    public int? TrainingYear { get; init; }
    public string? TrainingProgramme { get; init; }
    public TrainingLength? TrainingLength { get; init; }
    public required DateOnly UpdatedOn { get; init; }

    /// <summary>Whether someone can be phoned at all: the person, or their guardian.</summary>
    public bool HasCallableNumber => Phone.HasCallable || GuardianPhone.HasCallable;
}
