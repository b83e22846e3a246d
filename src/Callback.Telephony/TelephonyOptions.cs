namespace Callback.Telephony;

/// <summary>Section Telephony: which provider places calls, and how fast.</summary>
public sealed class TelephonyOptions
{
    public const string Section = "Telephony";
    public const string SimulatorName = "simulator";
    public const string TwilioName = "twilio";

    /// <summary>simulator (default: no account, nothing dialled for real) or twilio.</summary>
    public string Provider { get; set; } = SimulatorName;

    /// <summary>Calls placed per second at most (a new Twilio account allows 1).</summary>
    public double CallsPerSecond { get; set; } = 1;

    /// <summary>How long the phone rings before the call counts as not answered.</summary>
    public int RingSeconds { get; set; } = 30;

    /// <summary>The calling centre named in the greeting.</summary>
    public string CentreName { get; set; } = "内蒙古残疾人就业服务中心";

    /// <summary>The folder of call scripts; relative paths are taken from the program's folder.</summary>
    public string ScriptsDirectory { get; set; } = "call-scripts";

    public TwilioSettings Twilio { get; set; } = new();

    public SimulatorSettings Simulator { get; set; } = new();

    public bool UsesTwilio => string.Equals(Provider, TwilioName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Each problem, naming its key; empty when the settings are sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!string.Equals(Provider, SimulatorName, StringComparison.OrdinalIgnoreCase) && !UsesTwilio)
            problems.Add($"Telephony:Provider must be '{SimulatorName}' or '{TwilioName}', not '{Provider}'.");
        if (CallsPerSecond is <= 0 or > 100)
            problems.Add("Telephony:CallsPerSecond must be above 0 and at most 100.");
        if (RingSeconds is < 5 or > 600)
            problems.Add("Telephony:RingSeconds must be between 5 and 600.");
        if (!UsesTwilio && !string.IsNullOrWhiteSpace(Simulator.PublicBaseUrl) && !Uri.TryCreate(Simulator.PublicBaseUrl, UriKind.Absolute, out _))
            problems.Add("Telephony:Simulator:PublicBaseUrl must be an absolute URL (the load balancer's), or empty.");
        if (!UsesTwilio && Simulator.SigningKey is { Length: > 0 and < 16 })
            problems.Add("Telephony:Simulator:SigningKey must be at least 16 characters long, or empty.");
        if (UsesTwilio)
        {
            if (Twilio.AccountSid is not { Length: 34 } sid || !sid.StartsWith("AC", StringComparison.Ordinal))
                problems.Add("Telephony:Twilio:AccountSid must be the account SID (AC followed by 32 characters).");
            if (string.IsNullOrWhiteSpace(Twilio.AuthToken))
                problems.Add("Telephony:Twilio:AuthToken is required with the twilio provider.");
            if (Twilio.FromNumber is not { Length: > 4 } from || !from.StartsWith('+'))
                problems.Add("Telephony:Twilio:FromNumber must be a number in E.164 (+86…).");
            if (!Uri.TryCreate(Twilio.PublicBaseUrl, UriKind.Absolute, out var callback) || callback.Scheme != Uri.UriSchemeHttps)
                problems.Add("Telephony:Twilio:PublicBaseUrl must be the https address Twilio calls back.");
            if (!Uri.TryCreate(Twilio.ApiBaseUrl, UriKind.Absolute, out _))
                problems.Add("Telephony:Twilio:ApiBaseUrl must be an absolute URL (default https://api.twilio.com).");
        }

        return problems;
    }
}

public sealed class TwilioSettings
{
    public string? AccountSid { get; set; }
    public string? AuthToken { get; set; }
    public string? FromNumber { get; set; }
    public string? PublicBaseUrl { get; set; }

    /// <summary>Twilio's own by default; a stub's address for staging and tests.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";
}

public sealed class SimulatorSettings
{
    /// <summary>The number the simulator calls from.</summary>
    public string FromNumber { get; set; } = "+864715100000";

    /// <summary>How long the simulated phone rings, in milliseconds (kept short for the demo).</summary>
    public int RingMilliseconds { get; set; } = 50;

    /// <summary>
    /// Where the simulator calls back: empty, this instance's own address; with several instances behind a load
    /// balancer, the balancer's address, so that a call's webhooks reach any instance as Twilio's would.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The key simulated webhooks are signed with; empty: one of the process's own. Instances behind one balancer share one.</summary>
    public string? SigningKey { get; set; }
}
