using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Callback.Domain.Registry;

/// <summary>
/// The form most registry phone cells hold, a China mobile number written as its bare 11 digits, checked against
/// libphonenumber's own CN metadata (the general and mobile patterns and their lengths, the same tests its validity
/// check makes) without the library's general parser and type search, which cost about ten times as much: some
/// 3 µs a number, and an import of a million rows parses well over a million numbers.
/// It only ever answers "valid, and this is its E.164"; anything else, it leaves to the library.
/// Digits the parser could read as a prefix to strip (CN's national prefix for parsing, such as the 0 of a trunk
/// call or an IP-dialling 17951, and its international prefix) are left to the library too.
/// A test holds it to the library's own answer across every prefix.
/// </summary>
internal static class ChinaMobileFastPath
{
    private const string Region = "CN";
    private static readonly PhoneMetadata Metadata = PhoneNumberUtil.GetInstance().GetMetadataForRegion(Region);
    private static readonly string CountryPrefix = "+" + Metadata.CountryCode;
    private static readonly Regex StrippablePrefix = Whole($"(?:{Metadata.NationalPrefixForParsing})|(?:{Metadata.InternationalPrefix})", atStartOnly: true);
    private static readonly Regex General = Whole(Metadata.GeneralDesc.NationalNumberPattern);
    private static readonly Regex Mobile = Whole(Metadata.Mobile.NationalNumberPattern);

    public static bool TryE164(ReadOnlySpan<char> digits, out string e164)
    {
        e164 = string.Empty;
        if (!Metadata.Mobile.PossibleLengthList.Contains(digits.Length)
            || !Metadata.GeneralDesc.PossibleLengthList.Contains(digits.Length)
            || digits.ContainsAnyExceptInRange('0', '9')
            || StrippablePrefix.IsMatch(digits)
            || !General.IsMatch(digits)
            || !Mobile.IsMatch(digits))
        {
            return false;
        }

        e164 = string.Concat(CountryPrefix, digits);
        return true;
    }

    // libphonenumber matches a pattern against the whole national number, or at its start for a prefix.
    private static Regex Whole(string pattern, bool atStartOnly = false) =>
        new(atStartOnly ? $"^(?:{pattern})" : $"^(?:{pattern})\\z", RegexOptions.Compiled | RegexOptions.CultureInvariant);
}
