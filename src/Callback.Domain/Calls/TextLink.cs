namespace Callback.Domain.Calls;

/// <summary>
/// A one-time link to the verification form, sent by SMS to a person a voice call cannot verify (deaf, speech
/// impaired) or whom the inspector chooses to reach by text. Only a hash of the link's token is kept: the token is in
/// the SMS and nowhere else. The answers become the person's attempt, as a call's do.
/// </summary>
public sealed class TextLink
{
    public long Id { get; set; }
    public int InspectionId { get; set; }
    public required string UnitCode { get; set; }
    public required string CertificateNumber { get; set; }

    /// <summary>SHA-256 of the token, hexadecimal: what a request's token is looked up by.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The mobile number the SMS went to, E.164.</summary>
    public required string SentTo { get; set; }

    public string? MessageSid { get; set; }
    public required string ScriptKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? OpenedAt { get; set; }

    /// <summary>The person's answer to "may we keep your answers" (null: not yet asked), and when.</summary>
    public bool? Consented { get; set; }

    public DateTimeOffset? ConsentAt { get; set; }

    /// <summary>When the form was sent back (or consent refused): the link is spent.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>The answers the form sent back.</summary>
    public Findings.Answers? Answers { get; set; }

    /// <summary>The attempt the link became: completed, refused, or (expired unanswered) no contact.</summary>
    public long? AttemptId { get; set; }

    public bool Spent => UsedAt is not null || AttemptId is not null;
}
