using Callback.Domain.Registry;

namespace Callback.Domain.Findings;

public enum Verdict { Truthful = 1, Untruthful = 2 }

/// <summary>
/// One entry in a sampled person's findings. Entries are never overwritten: a correction is a new entry (the
/// next <see cref="Sequence"/>) that says who and why; the latest entry is the finding.
/// </summary>
public sealed class FindingEntry
{
    public long Id { get; set; }
    public int InspectionId { get; set; }
    public required string UnitCode { get; set; }
    public required string CertificateNumber { get; set; }
    public int Sequence { get; set; }

    /// <summary>What was answered, as the finding judged it.</summary>
    public Answers Answers
    {
        get => new(AnsweredEmploymentStatus, AnsweredEmploymentForm, AnsweredTrained, AnsweredTrainingYear);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            (AnsweredEmploymentStatus, AnsweredEmploymentForm, AnsweredTrained, AnsweredTrainingYear) = (value.EmploymentStatus, value.EmploymentForm, value.Trained, value.TrainingYear);
        }
    }

    // The answers' storage: one column each, so that a finding's row reads plainly in the database (mapped by name).
    private EmploymentStatus? AnsweredEmploymentStatus { get; set; }
    private EmploymentForm? AnsweredEmploymentForm { get; set; }
    private bool? AnsweredTrained { get; set; }
    private int? AnsweredTrainingYear { get; set; }

    /// <summary>The field-by-field comparison with the registry version drawn from, as JSON.</summary>
    public required string ComparisonJson { get; set; }

    public Verdict Verdict { get; set; }
    public required string Reason { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The call attempt whose completed conversation this finding rests on.</summary>
    public long? AttemptId { get; set; }

    /// <summary>For an untruthful verdict, the fields whose answers differ from the registry, comma-separated.</summary>
    public string? DifferingFields { get; set; }

    /// <summary>The answers the finding rests on are a proxy's: a guardian or family member answered about the person.</summary>
    public bool Proxy { get; set; }

    /// <summary>The hash of the unit's previous entry (<see cref="Evidence.FindingChain.Genesis"/> for the first): the log is a chain.</summary>
    public string? PreviousHash { get; set; }

    /// <summary>SHA-256 of this entry's canonical form, which includes <see cref="PreviousHash"/> (null only for entries stored before the chain).</summary>
    public string? Hash { get; set; }
}

/// <summary>One call attempt and its disposition (AAPOR-coded).</summary>
public sealed class CallAttempt
{
    public long Id { get; set; }
    public int InspectionId { get; set; }
    public required string UnitCode { get; set; }
    public required string CertificateNumber { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public required string Disposition { get; set; }
    public required string AaporCode { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset? CallbackAt { get; set; }
    public required string RecordedBy { get; set; }

    /// <summary>The call this attempt was, when Callback placed it; null when the inspector logged it by hand.</summary>
    public long? CallId { get; set; }

    /// <summary>The answers taken during the call or on the text form (null: none were), to feed the finding.</summary>
    public Answers? Answers { get; set; }

    /// <summary>A supervisor's confirmation of an attempt typed by hand (a call made outside Callback).</summary>
    public string? ConfirmedBy { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>Typed by an inspector for a call made outside Callback, not recorded by Callback's own call.</summary>
    /// <summary>The SMS link whose form the person sent back (the text channel): Callback took the answers, as in a call.</summary>
    public long? TextLinkId { get; set; }

    /// <summary>A guardian or family member answered about the person: the answers are a proxy's (the finding says so).</summary>
    public bool Proxy { get; set; }

    public bool EnteredByHand => CallId is null && TextLinkId is null;

    /// <summary>
    /// Whether the attempt counts: for replacing a person by a reserve, for a finding and for the rates. Callback's
    /// own calls count at once; an attempt typed by hand only once a supervisor has confirmed it.
    /// </summary>
    public bool Counts => !EnteredByHand || ConfirmedAt is not null;
}

/// <summary>A sampled person replaced by the next reserve, and why.</summary>
public sealed class Replacement
{
    public long Id { get; set; }
    public int InspectionId { get; set; }
    public required string UnitCode { get; set; }
    public required string ReplacedCertificate { get; set; }
    public required string ReserveCertificate { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
}
