namespace Callback.Domain.Registry;

/// <summary>The columns of a registry export that Callback understands (registry-format.md).</summary>
public enum RegistryColumn
{
    Name,
    Sex,
    Certificate,
    Category,
    Grade,
    County,
    Phone,
    GuardianPhone,
    EmploymentStatus,
    EmploymentForm,
    Employer,
    NotEmployedReason,
    Trained,
    TrainingYear,
    TrainingProgramme,
    TrainingLength,
    UpdatedOn,
}
