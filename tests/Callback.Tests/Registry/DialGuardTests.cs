using Callback.Domain.Calls;
using Callback.Domain.Registry;

namespace Callback.Tests.Registry;

public sealed class DialGuardTests
{
    private static PersonRevision Person(bool synthetic, bool callable) => new()
    {
        CertificateNumber = "15010519740427431862",
        Name = "万建",
        CountyCode = "150105",
        UnitCode = "150100",
        ContentHash = new byte[16],
        IsSynthetic = synthetic,
        HasCallableNumber = callable,
    };

    [Fact]
    public void A_synthetic_record_is_never_dialled_through_a_real_provider()
    {
        var refusal = DialGuard.Check(Person(synthetic: true, callable: true), providerReachesRealPhones: true);
        Assert.Equal("synthetic-record", refusal?.Code);
    }

    [Fact]
    public void A_synthetic_record_may_be_dialled_through_the_simulator() =>
        Assert.Null(DialGuard.Check(Person(synthetic: true, callable: true), providerReachesRealPhones: false));

    [Fact]
    public void A_real_record_may_be_dialled_for_real() =>
        Assert.Null(DialGuard.Check(Person(synthetic: false, callable: true), providerReachesRealPhones: true));

    [Fact]
    public void A_person_without_a_callable_number_is_not_dialled() =>
        Assert.Equal("no-callable-number", DialGuard.Check(Person(synthetic: false, callable: false), providerReachesRealPhones: false)?.Code);
}
