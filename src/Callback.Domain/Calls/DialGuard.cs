using Callback.Domain.Registry;

namespace Callback.Domain.Calls;

/// <summary>
/// The rules every outgoing call passes before a provider is asked to dial. Synthetic records (demo,
/// training, tests) carry random numbers that may belong to real people: they are only ever "dialled"
/// through the local simulator.
/// </summary>
public static class DialGuard
{
    public sealed record Refusal(string Code, string Message);

    /// <returns>null when the call may go ahead, else why not.</returns>
    public static Refusal? Check(PersonRevision person, bool providerReachesRealPhones)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (person.IsSynthetic && providerReachesRealPhones)
            return new Refusal("synthetic-record", "这是合成的演示数据，不能通过真实电话线路拨打（仅可在模拟器中拨打）");
        if (!person.HasCallableNumber)
            return new Refusal("no-callable-number", "此人及其监护人都没有可拨打的电话号码");
        return null;
    }
}
