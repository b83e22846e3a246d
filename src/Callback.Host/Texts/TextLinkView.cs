namespace Callback.Host.Texts;

/// <summary>A link as the API and the console show it: never the token, the number masked.</summary>
public sealed record TextLinkView(
    long Id, string SentTo, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string CreatedBy, DateTimeOffset? OpenedAt, bool? Consented, DateTimeOffset? UsedAt,
    long? AttemptId)
{
    public static TextLinkView From(Domain.Calls.TextLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        return new(link.Id, Domain.Registry.PhoneList.Mask(link.SentTo), link.CreatedAt, link.ExpiresAt, link.CreatedBy, link.OpenedAt, link.Consented, link.UsedAt,
            link.AttemptId);
    }
}
