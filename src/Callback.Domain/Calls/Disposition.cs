using System.Collections.Frozen;

namespace Callback.Domain.Calls;

/// <summary>How an AAPOR disposition counts in the outcome rates (AAPOR Standard Definitions, telephone surveys).</summary>
public enum AaporGroup
{
    /// <summary>I: complete interview.</summary>
    Complete,

    /// <summary>P: partial interview.</summary>
    Partial,

    /// <summary>R: refusal and break-off.</summary>
    Refusal,

    /// <summary>NC: non-contact.</summary>
    NonContact,

    /// <summary>O: other (unable, language).</summary>
    Other,

    /// <summary>UH/UO: unknown eligibility (no answer, busy, answering machine).</summary>
    UnknownEligibility,

    /// <summary>Not eligible: not in service, wrong number.</summary>
    NotEligible,
}

/// <summary>The outcome of one call attempt: a code, its AAPOR code, and whether it ends the case.</summary>
public sealed record Disposition(string Code, string AaporCode, AaporGroup Group, bool Final, bool Reached, string Chinese)
{
    public static readonly Disposition Completed = new("completed", "1.1", AaporGroup.Complete, true, true, "完成核实");
    public static readonly Disposition Partial = new("partial", "1.2", AaporGroup.Partial, false, true, "部分完成");
    public static readonly Disposition Refused = new("refused", "2.11", AaporGroup.Refusal, true, true, "拒绝");
    public static readonly Disposition BreakOff = new("break-off", "2.12", AaporGroup.Refusal, true, true, "中途挂断");
    public static readonly Disposition Unavailable = new("respondent-unavailable", "2.21", AaporGroup.NonContact, false, true, "本人暂不在（已约回拨）");
    public static readonly Disposition UnableVoice = new("unable-voice-call", "2.32", AaporGroup.Other, true, true, "无法接听语音电话（聋、言语障碍等，需监护人或其他方式）");
    public static readonly Disposition Language = new("language-barrier", "2.33", AaporGroup.Other, false, true, "语言障碍（需蒙古语等）");
    public static readonly Disposition Busy = new("busy", "3.12", AaporGroup.UnknownEligibility, false, false, "占线");
    public static readonly Disposition NoAnswer = new("no-answer", "3.13", AaporGroup.UnknownEligibility, false, false, "无人接听");
    public static readonly Disposition AnsweringMachine = new("answering-machine", "3.14", AaporGroup.UnknownEligibility, false, false, "语音信箱");
    public static readonly Disposition NotInService = new("not-in-service", "4.31", AaporGroup.NotEligible, true, false, "空号或停机");
    public static readonly Disposition WrongPerson = new("wrong-person", "4.41", AaporGroup.NotEligible, true, false, "号码已易主（接听者不是本人）");

    /// <summary>Answered, but nobody said who is on the phone: no contact (tried again), never a refusal.</summary>
    public static readonly Disposition SilentLine = new("silent-line", "3.13", AaporGroup.UnknownEligibility, false, false, "接通但无人应答");

    /// <summary>The call failed for a reason other than the number (network, carrier, provider): tried again, the person kept.</summary>
    public static readonly Disposition TechnicalFailure = new("technical-failure", "3.16", AaporGroup.UnknownEligibility, false, false, "线路或系统故障（稍后重拨）");

    public static IReadOnlyList<Disposition> All { get; } =
        [Completed, Partial, Refused, BreakOff, Unavailable, UnableVoice, Language, Busy, NoAnswer, AnsweringMachine, SilentLine, TechnicalFailure, NotInService, WrongPerson];

    private static readonly FrozenDictionary<string, Disposition> ByCode = All.ToFrozenDictionary(d => d.Code, StringComparer.Ordinal);

    public static Disposition? Find(string? code) => code is null ? null : ByCode.GetValueOrDefault(code);
}
