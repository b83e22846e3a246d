using Callback.Domain.Registry;

namespace Callback.Domain.Findings;

/// <summary>What the person (or their guardian) said, field by field; null where the question was not answered.</summary>
public sealed record Answers(EmploymentStatus? EmploymentStatus, EmploymentForm? EmploymentForm, bool? Trained, int? TrainingYear);
