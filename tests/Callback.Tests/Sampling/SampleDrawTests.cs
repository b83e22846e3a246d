using System.Text.Json;
using Callback.Domain.Sampling;
using Callback.Tests.Support;

namespace Callback.Tests.Sampling;

public sealed class SampleDrawTests
{
    public static TheoryData<int> Vectors()
    {
        var data = new TheoryData<int>();
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("sampling-v1.vectors.json")));
        for (var i = 0; i < document.RootElement.GetProperty("vectors").GetArrayLength(); i++)
            data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_published_vector_is_reproduced_byte_for_byte(int index)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("sampling-v1.vectors.json")));
        Assert.Equal(SampleDraw.Algorithm, document.RootElement.GetProperty("algorithm").GetString());
        var vector = document.RootElement.GetProperty("vectors")[index];
        var seed = vector.GetProperty("seed").GetString()!;
        var unit = vector.GetProperty("unit").GetString()!;
        var population = vector.GetProperty("population").EnumerateArray().Select(e => e.GetString()!).ToList();

        foreach (var key in vector.GetProperty("keys").EnumerateObject())
            Assert.Equal(key.Value.GetString(), SampleDraw.Key(seed, unit, key.Name));
        var draw = SampleDraw.Draw(seed, unit, population, vector.GetProperty("n").GetInt32(), vector.GetProperty("r").GetInt32());

        Assert.Equal(vector.GetProperty("sample").EnumerateArray().Select(e => e.GetString()), draw.Sample);
        Assert.Equal(vector.GetProperty("reserves").EnumerateArray().Select(e => e.GetString()), draw.Reserves);
        Assert.Equal(vector.GetProperty("population_hash").GetString(), draw.PopulationHash);
        Assert.Equal(population.Count, draw.PopulationSize);
    }

    [Fact]
    public void The_draw_does_not_depend_on_the_order_of_the_population()
    {
        var population = Enumerable.Range(0, 200).Select(i => $"member-{i:D4}").ToList();
        var forward = SampleDraw.Draw("a-seed-long-enough-1", "150100", population, 10, 10);
        var backward = SampleDraw.Draw("a-seed-long-enough-1", "150100", Enumerable.Reverse(population), 10, 10);

        Assert.Equal(forward.Sample, backward.Sample);
        Assert.Equal(forward.Reserves, backward.Reserves);
    }

    [Fact]
    public void Adding_other_persons_does_not_reorder_the_rest()
    {
        var population = Enumerable.Range(0, 100).Select(i => $"member-{i:D4}").ToList();
        var all = SampleDraw.Draw("a-seed-long-enough-2", "150100", population, 100, 0).Sample;
        var more = SampleDraw.Draw("a-seed-long-enough-2", "150100", population.Concat(["member-9998", "member-9999"]), 102, 0).Sample;

        Assert.Equal(all, more.Where(m => m is not ("member-9998" or "member-9999")));
    }

    [Fact]
    public void A_small_population_gives_everyone_and_no_more()
    {
        var draw = SampleDraw.Draw("a-seed-long-enough-3", "150100", ["a", "b", "c"], 10, 10);
        Assert.Equal(3, draw.Sample.Count);
        Assert.Empty(draw.Reserves);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fifteen-chars-x")]
    public void A_seed_shorter_than_16_characters_is_refused(string? seed)
    {
        var error = Assert.Throws<DrawException>(() => SampleDraw.Draw(seed!, "150100", ["a"], 1, 0));
        Assert.Equal("seed-too-short", error.Code);
    }

    [Fact]
    public void The_commitment_is_the_sha256_of_the_seed() =>
        Assert.Equal("3196dd281f26b75c62dc5d65c006250a85e24f9409e3dbcf68e968d497a9f5d3", SampleDraw.Commitment("public-lottery-2015-08-03-0721"));

    /// <summary>
    /// Uniformity: over 6,000 fixed seeds, each of 20 members is drawn first about equally often. Pearson's
    /// chi-square with 19 degrees of freedom stays under 43.82, its critical value at significance 0.001. The
    /// seeds are fixed, so the test gives the same answer on every run: it can fail only if the algorithm is biased.
    /// </summary>
    [Fact]
    public void The_draw_is_uniform_over_the_population()
    {
        const int members = 20, seeds = 6000;
        var population = Enumerable.Range(0, members).Select(i => $"1501051980010100{i:D2}11").ToList();
        var firstCounts = new int[members];
        var secondCounts = new int[members];
        for (var s = 0; s < seeds; s++)
        {
            var draw = SampleDraw.Draw($"uniformity-test-seed-{s:D6}", "150100", population, 2, 0);
            firstCounts[population.IndexOf(draw.Sample[0])]++;
            secondCounts[population.IndexOf(draw.Sample[1])]++;
        }

        Assert.True(ChiSquare(firstCounts) < 43.82, $"chi-square of first places: {ChiSquare(firstCounts):F2}");
        Assert.True(ChiSquare(secondCounts) < 43.82, $"chi-square of second places: {ChiSquare(secondCounts):F2}");
    }

    [Fact]
    public void The_uniformity_check_itself_catches_a_biased_draw()
    {
        // The same statistic on a visibly biased count (one member drawn twice as often) fails the threshold.
        var biased = Enumerable.Repeat(290, 20).ToArray();
        biased[0] = 580;
        Assert.True(ChiSquare(biased) > 43.82);
    }

    private static double ChiSquare(int[] counts)
    {
        var expected = counts.Sum() / (double)counts.Length;
        return counts.Sum(c => (c - expected) * (c - expected) / expected);
    }
}

public sealed class OrdinalSortTests
{
    [Fact]
    public void Certificate_numbers_sort_exactly_as_ordinal_strings_do()
    {
        var random = new Random(42);
        string Certificate() => string.Concat(
            random.NextInt64(10_000_000_000_000_000, 99_999_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            random.Next(11) is var c && c == 10 ? "X" : c.ToString(System.Globalization.CultureInfo.InvariantCulture),
            random.Next(1, 8).ToString(System.Globalization.CultureInfo.InvariantCulture),
            random.Next(1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var members = Enumerable.Range(0, 5000).Select(_ => Certificate()).ToList();
        // Neighbours that differ only in the check character, category or grade.
        members.AddRange(["15010519800101123X11", "15010519800101123911", "15010519800101123012", "15010519800101123X21"]);

        var expected = members.ToArray();
        Array.Sort(expected, StringComparer.Ordinal);

        Assert.Equal(expected, SampleDraw.OrdinalSorted(members));
    }

    [Fact]
    public void Other_members_fall_back_to_ordinal_string_order() =>
        Assert.Equal(new[] { "150102", "150121", "b", "B" }.Order(StringComparer.Ordinal), SampleDraw.OrdinalSorted(["b", "150121", "B", "150102"]));
}

/// <summary>The draw's edges mutation testing found unpinned (issue 13).</summary>
public sealed class SampleDrawEdgeTests
{
    private const string Seed = "inner-mongolia-2026-q4-seed";

    [Fact]
    public void Members_that_are_almost_certificate_numbers_still_sort_exactly_as_ordinal_strings_do()
    {
        // Two prefixes only, so that the check character, category and grade decide most comparisons; in half the lists
        // one member has a character just outside '0'–'9', an x or a letter somewhere. The packed fast path must hand
        // such a list to the string sort, and order what it packs exactly as ordinal comparison would.
        var random = new Random(7);
        string[] prefixes = ["15010519740427431", "15010519740427432"];
        char[] tails = ['0', '1', '2', '9'];
        char[] odd = ['/', ':', 'x', 'A', ' '];
        string Near() => prefixes[random.Next(2)] + new string([.. Enumerable.Range(0, 3).Select(_ => tails[random.Next(tails.Length)])]);
        for (var round = 0; round < 2000; round++)
        {
            var members = Enumerable.Range(0, 8).Select(_ => Near()).ToList();
            if (round % 2 == 0)
            {
                var chars = members[0].ToCharArray();
                chars[round % 4 == 0 ? 17 + random.Next(3) : random.Next(17)] = odd[random.Next(odd.Length)];
                members[0] = new string(chars);
            }
            else if (round % 3 == 0)
            {
                var chars = members[0].ToCharArray();
                chars[17] = 'X';
                members[0] = new string(chars);
            }

            Assert.Equal(members.Order(StringComparer.Ordinal), SampleDraw.OrdinalSorted(members));
        }
    }

    [Fact]
    public void A_member_longer_than_the_drawers_buffer_is_keyed_whole()
    {
        var member = new string('7', 100);
        var population = new[] { member, "15010519740427431862" };

        var result = SampleDraw.Draw(Seed, "150100", population, 2, 0);

        var expected = population.OrderBy(m => SampleDraw.Key(Seed, "150100", m), StringComparer.Ordinal);
        Assert.Equal(expected, result.Sample);
    }

    [Fact]
    public void A_draw_of_nobody_still_counts_and_hashes_the_population()
    {
        var result = SampleDraw.Draw(Seed, "150100", new[] { "b", "a" }, 0, 0);

        Assert.Empty(result.Sample);
        Assert.Empty(result.Reserves);
        Assert.Equal(2, result.PopulationSize);
        Assert.Equal(SampleDraw.PopulationHash(["a", "b"]), result.PopulationHash);
    }

    [Theory]
    [InlineData(15, false)]
    [InlineData(16, true)]
    public void A_seed_of_16_characters_is_the_shortest_accepted_and_a_short_one_says_its_length(int length, bool accepted)
    {
        var seed = new string('s', length);
        if (accepted)
        {
            SampleDraw.ValidateSeed(seed);
            return;
        }

        var error = Assert.Throws<DrawException>(() => SampleDraw.ValidateSeed(seed));
        Assert.Equal("seed-too-short", error.Code);
        Assert.Equal("种子至少需要 16 个字符（当前 15 个）", error.Message);
        Assert.Equal("种子至少需要 16 个字符（当前 0 个）", Assert.Throws<DrawException>(() => SampleDraw.ValidateSeed(null)).Message);
    }

    [Fact]
    public void A_draw_asked_wrongly_is_refused_at_once()
    {
        Assert.Throws<ArgumentException>(() => new SampleDrawer(Seed, "", 10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleDrawer(Seed, "150100", -1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleDrawer(Seed, "150100", 10, -1));
        using var drawer = new SampleDrawer(Seed, "150100", 1, 0);
        Assert.Throws<ArgumentNullException>(() => drawer.Add(null!));
        Assert.Throws<ArgumentNullException>(() => SampleDraw.Draw(Seed, "150100", (IEnumerable<string>)null!, 1, 0));
        Assert.Throws<ArgumentNullException>(() => SampleDraw.Draw(Seed, "150100", (IReadOnlyList<byte[]>)null!, 1, 0));
        Assert.Throws<ArgumentNullException>(() => SampleDraw.Key(null!, "150100", "x"));
        Assert.Throws<ArgumentNullException>(() => SampleDraw.PopulationHash((IEnumerable<string>)null!));
        Assert.Throws<ArgumentNullException>(() => SampleDraw.PopulationHash((IReadOnlyList<byte[]>)null!));
        Assert.Throws<ArgumentNullException>(() => SampleDraw.OrdinalSorted((IReadOnlyList<byte[]>)null!));
        Assert.Throws<ArgumentNullException>(() => SampleDraw.Commitment(null!));
        Assert.Equal("draw-refused", new DrawException().Code);
        Assert.Equal(("draw-refused", "抽取被拒绝"), (new DrawException().Code, new DrawException().Message));
        Assert.Equal(("draw-refused", "x"), (new DrawException("x").Code, new DrawException("x").Message));
        var inner = new InvalidOperationException();
        var wrapped = new DrawException("y", inner);
        Assert.Equal(("draw-refused", "y", inner), (wrapped.Code, wrapped.Message, (Exception?)wrapped.InnerException));
    }

    [Theory]
    [InlineData("15010519740427431862", 15010519740427431UL, 862u)]
    [InlineData("00000000000000000000", 0UL, 0u)]
    [InlineData("99999999999999999999", 99999999999999999UL, 999u)]
    [InlineData("1501051974042743X809", 1501051974042743UL, -1L)]
    [InlineData("15010519740427431X09", 15010519740427431UL, 1009u)]
    public void The_fast_path_packs_certificate_numbers_into_their_digits_and_tail(string member, ulong digits, long tail)
    {
        var packed = SampleDraw.TryPack(System.Text.Encoding.UTF8.GetBytes(member), out var d, out var t);

        // An X anywhere but position 18 is no certificate number: refused, the string sort takes the list.
        Assert.Equal(tail >= 0, packed);
        if (packed)
            Assert.Equal((digits, (uint)tail), (d, t));
    }

    [Theory]
    [InlineData(0, '/')]
    [InlineData(0, ':')]
    [InlineData(16, '/')]
    [InlineData(16, ':')]
    [InlineData(17, '/')]
    [InlineData(17, ':')]
    [InlineData(17, 'x')]
    [InlineData(18, '/')]
    [InlineData(18, ':')]
    [InlineData(19, '/')]
    [InlineData(19, ':')]
    [InlineData(18, 'X')]
    public void The_fast_path_refuses_a_character_just_outside_its_range_at_any_position(int position, char character)
    {
        var chars = "15010519740427431862".ToCharArray();
        chars[position] = character;

        Assert.False(SampleDraw.TryPack(System.Text.Encoding.UTF8.GetBytes(chars), out _, out _));
    }

    [Theory]
    [InlineData("1501051974042743186")]
    [InlineData("150105197404274318620")]
    public void The_fast_path_refuses_a_member_of_another_length(string member) =>
        Assert.False(SampleDraw.TryPack(System.Text.Encoding.UTF8.GetBytes(member), out _, out _));

    [Fact]
    public void A_missing_argument_is_named()
    {
        Assert.Equal("population", Assert.Throws<ArgumentNullException>(() => SampleDraw.Draw(Seed, "150100", (IEnumerable<string>)null!, 1, 0)).ParamName);
        Assert.Equal("population", Assert.Throws<ArgumentNullException>(() => SampleDraw.Draw(Seed, "150100", (IReadOnlyList<byte[]>)null!, 1, 0)).ParamName);
        Assert.Equal("seed", Assert.Throws<ArgumentNullException>(() => SampleDraw.Key(null!, "150100", "x")).ParamName);
        Assert.Equal("seed", Assert.Throws<ArgumentNullException>(() => SampleDraw.Commitment(null!)).ParamName);
        Assert.Equal("members", Assert.Throws<ArgumentNullException>(() => SampleDraw.PopulationHash((IEnumerable<string>)null!)).ParamName);
        Assert.Equal("members", Assert.Throws<ArgumentNullException>(() => SampleDraw.PopulationHash((IReadOnlyList<byte[]>)null!)).ParamName);
    }
}
