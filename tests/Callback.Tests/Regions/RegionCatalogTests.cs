using Callback.Domain.Regions;

namespace Callback.Tests.Regions;

public sealed class RegionCatalogTests
{
    private readonly RegionCatalog _regions = RegionCatalog.InnerMongolia;

    [Fact]
    public void The_province_has_103_counties_in_14_inspection_units()
    {
        Assert.Equal(103, _regions.Counties.Count);
        Assert.Equal(14, _regions.Units.Count);
        Assert.Equal(103, _regions.Units.Sum(u => u.CountyCodes.Count));
    }

    [Fact]
    public void Manzhouli_with_Zhalainuoer_is_a_unit_of_its_own_not_part_of_Hulunbuir()
    {
        var manzhouli = _regions.FindUnit("150781");
        Assert.NotNull(manzhouli);
        Assert.Equal("满洲里市", manzhouli.Name);
        Assert.Equal(["150703", "150781"], manzhouli.CountyCodes.Order());
        Assert.DoesNotContain("150781", _regions.FindUnit("150700")!.CountyCodes);
        Assert.DoesNotContain("150703", _regions.FindUnit("150700")!.CountyCodes);
        Assert.Equal("150700", _regions.FindCounty("150703")!.LeagueCode);
    }

    [Fact]
    public void Erenhot_is_a_unit_of_its_own_not_part_of_Xilingol()
    {
        Assert.Equal(["152501"], _regions.FindUnit("152501")!.CountyCodes);
        Assert.DoesNotContain("152501", _regions.FindUnit("152500")!.CountyCodes);
    }

    [Fact]
    public void A_malformed_regions_file_names_its_line()
    {
        var error = Assert.Throws<FormatException>(() => RegionCatalog.Parse(new StringReader("league_code\tx\n150100\t呼和浩特市\t150102\n")));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
