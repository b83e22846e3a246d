namespace Callback.Domain.Calls;

/// <summary>The call statuses Twilio reports (initiated exists only as a callback event).</summary>
public static class CallStatuses
{
    public const string Created = "created";
    public const string Queued = "queued";
    public const string Initiated = "initiated";
    public const string Ringing = "ringing";
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Busy = "busy";
    public const string Failed = "failed";
    public const string NoAnswer = "no-answer";
    public const string Canceled = "canceled";

    public static readonly IReadOnlyList<string> All = [Queued, Initiated, Ringing, InProgress, Completed, Busy, Failed, NoAnswer, Canceled];

    /// <summary>The statuses a call ends in; a call in any other is live (one live call per person: the database's filtered index).</summary>
    public static readonly IReadOnlyList<string> Terminal = [Completed, Busy, Failed, NoAnswer, Canceled];

    public static bool IsTerminal(string status) => Terminal.Contains(status);
}

/// <summary>
/// One verification call to a sampled person: its provider call, its conversation, its consent and recording,
/// and the call attempt (disposition) it ended as.
/// </summary>
public sealed class Call
{
    public long Id { get; set; }
    public int InspectionId { get; set; }
    public required string UnitCode { get; set; }
    public required string CertificateNumber { get; set; }
    public CallMode Mode { get; set; }
    public required string ScriptKey { get; set; }
    public required string Provider { get; set; }
    public string? ProviderCallSid { get; set; }

    /// <summary>The number dialled, in E.164.</summary>
    public required string To { get; set; }

    /// <summary>The inspector's own number, for agent-led calls.</summary>
    public string? AgentNumber { get; set; }

    public string Status { get; set; } = CallStatuses.Created;

    /// <summary>
    /// Raised by every save of the call: two webhooks of one call handled at once (by two instances) cannot both
    /// write what they read; the second is refused by the database and handled again on what the first wrote.
    /// </summary>
    public int Version { get; set; }

    /// <summary>When the call entered its present status (null: still as created): how the dashboard tells a stuck call.</summary>
    public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>The SIP response the carrier gave (Twilio's SipResponseCode): tells a number not in service from a technical failure.</summary>
    public int? SipResponseCode { get; set; }

    /// <summary>Who answered, by the provider's answering-machine detection (human, machine_start, machine_end_beep, fax, unknown, …).</summary>
    public string? AnsweredBy { get; set; }

    /// <summary>The highest status-callback sequence number applied: older or repeated callbacks change nothing.</summary>
    public int LastSequence { get; set; } = -1;

    /// <summary>Where the conversation stands (stored as a JSON column).</summary>
    public ConversationState Conversation { get; set; } = new();

    /// <summary>The recording, once the person consented to one (null: none was asked of the provider).</summary>
    public RecordingEvidence? Recording { get; set; }

    public string? Disposition { get; set; }
    public long? AttemptId { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public required string CreatedBy { get; set; }

    /// <summary>Applies a status callback. Returns false for a repeat, an out-of-order one, or anything after a terminal status.</summary>
    public bool ApplyStatus(string status, int sequence)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (CallStatuses.IsTerminal(Status) || sequence <= LastSequence || !CallStatuses.All.Contains(status))
            return false;
        Status = status;
        LastSequence = sequence;
        return true;
    }
}

/// <summary>The person's answer to the consent question: when, how (dtmf, speech, silence), under which script.</summary>
public sealed class ConsentEvent
{
    public long Id { get; set; }
    public long CallId { get; set; }
    public DateTimeOffset At { get; set; }
    public ConsentState Value { get; set; }
    public required string Method { get; set; }
    public required string ScriptKey { get; set; }
}

/// <summary>How a call ends up as an attempt disposition (AAPOR-coded). The table in call-scripts/README.md says the same.</summary>
public static class CallOutcome
{
    /// <summary>
    /// The SIP responses that mean the number itself does not work: 404 Not Found, 410 Gone, 484 Address Incomplete,
    /// 604 Does Not Exist Anywhere. Any other failure is the line's or the network's, and tried again later.
    /// </summary>
    public static readonly IReadOnlySet<int> NotInServiceSipCodes = new HashSet<int> { 404, 410, 484, 604 };

    /// <summary>What answering-machine detection reports for a machine (voicemail, a fax).</summary>
    public static bool IsMachine(string? answeredBy) =>
        answeredBy is not null && (answeredBy.StartsWith("machine", StringComparison.Ordinal) || answeredBy == "fax");

    public static Disposition Of(Call call, ConversationState conversation, bool allAnswered)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(conversation);
        return call.Status switch
        {
            CallStatuses.Busy => Disposition.Busy,
            CallStatuses.NoAnswer or CallStatuses.Canceled => Disposition.NoAnswer,
            CallStatuses.Failed when call.SipResponseCode is { } sip && NotInServiceSipCodes.Contains(sip) => Disposition.NotInService,
            CallStatuses.Failed => Disposition.TechnicalFailure,
            _ when conversation.Who == "wrong-person" => Disposition.WrongPerson,
            // A refusal is a person saying so; a line where nobody says who is on the phone is no contact.
            _ when conversation.Who == "refused" => Disposition.Refused,
            // Detection can be wrong on a short "喂？": what a person said outweighs it.
            _ when conversation.Who is null && IsMachine(call.AnsweredBy) => Disposition.AnsweringMachine,
            _ when conversation.Who is null => Disposition.SilentLine,
            _ when call.Mode == CallMode.Agent && conversation.Finished => Disposition.Completed,
            _ when allAnswered => Disposition.Completed,
            _ when !conversation.Answers.IsEmpty => Disposition.Partial,
            _ => Disposition.BreakOff,
        };
    }
}
