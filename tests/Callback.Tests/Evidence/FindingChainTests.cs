using Callback.Domain.Evidence;
using Callback.Domain.Findings;
using Callback.Domain.Registry;

namespace Callback.Tests.Evidence;

/// <summary>The findings log as a hash chain: an edit, a deletion or a reordering is named; the intact log holds.</summary>
public sealed class FindingChainTests
{
    private static List<FindingEntry> Chain(int count)
    {
        var entries = new List<FindingEntry>();
        var previous = FindingChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var entry = new FindingEntry
            {
                Id = i, InspectionId = 1, UnitCode = "150100", CertificateNumber = $"15010519740427{i:D4}", Sequence = 1,
                Answers = new Answers(EmploymentStatus.Employed, null, null, null), ComparisonJson = "[]", Verdict = i % 2 == 0 ? Verdict.Untruthful : Verdict.Truthful,
                Reason = "电话核实", RecordedBy = "inspector", RecordedAt = new DateTimeOffset(2026, 11, 30, 10, i, 0, TimeSpan.FromHours(8)),
                DifferingFields = i % 2 == 0 ? "employmentStatus" : null,
            };
            FindingChain.Seal(entry, previous);
            previous = entry.Hash!;
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public void An_intact_chain_holds_and_its_head_is_the_last_entry_s_hash()
    {
        var chain = Chain(3);

        Assert.Empty(FindingChain.Verify(chain));
        Assert.Equal(chain[2].Hash, FindingChain.Head(chain));
        Assert.Equal(FindingChain.Genesis, FindingChain.Head([]));
        Assert.Equal(FindingChain.Genesis, chain[0].PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", chain[0].Hash!);
    }

    [Theory]
    [InlineData("verdict")]
    [InlineData("reason")]
    [InlineData("recordedBy")]
    [InlineData("recordedAt")]
    [InlineData("answers")]
    [InlineData("certificate")]
    [InlineData("proxy")]
    public void An_entry_edited_in_place_is_named(string field)
    {
        var chain = Chain(3);
        var edited = chain[1];
        switch (field)
        {
            case "verdict": edited.Verdict = Verdict.Truthful; break;
            case "reason": edited.Reason = "改过"; break;
            case "recordedBy": edited.RecordedBy = "someone-else"; break;
            case "recordedAt": edited.RecordedAt = edited.RecordedAt.AddMinutes(1); break;
            case "answers": edited.Answers = edited.Answers with { EmploymentStatus = EmploymentStatus.NotEmployed }; break;
            case "certificate": edited.CertificateNumber = "1501051974042799" + "99"; break;
            default: edited.Proxy = true; break;
        }

        var problem = Assert.Single(FindingChain.Verify(chain));

        Assert.Equal(("chain-entry-altered", 2L), (problem.Code, problem.EntryId));
    }

    [Fact]
    public void A_deleted_or_reordered_entry_breaks_the_next_link()
    {
        var deleted = Chain(3);
        deleted.RemoveAt(1);
        var reordered = Chain(3);
        (reordered[1].Id, reordered[2].Id) = (3, 2);

        Assert.Equal("chain-link-broken", Assert.Single(FindingChain.Verify(deleted)).Code);
        Assert.Contains(FindingChain.Verify(reordered), p => p.Code == "chain-link-broken");
    }

    [Fact]
    public void An_entry_without_a_hash_is_named_and_the_chain_is_checked_on_from_it()
    {
        var chain = Chain(2);
        chain[1].Hash = null;

        Assert.Equal("chain-hash-missing", Assert.Single(FindingChain.Verify(chain)).Code);
    }

    [Fact]
    public void A_chain_head_statement_changes_with_every_part_it_covers()
    {
        var at = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var statement = FindingChain.HeadStatement(1, "150100", "ab", 3, at);

        Assert.NotEqual(statement, FindingChain.HeadStatement(2, "150100", "ab", 3, at));
        Assert.NotEqual(statement, FindingChain.HeadStatement(1, "150200", "ab", 3, at));
        Assert.NotEqual(statement, FindingChain.HeadStatement(1, "150100", "ac", 3, at));
        Assert.NotEqual(statement, FindingChain.HeadStatement(1, "150100", "ab", 4, at));
        Assert.NotEqual(statement, FindingChain.HeadStatement(1, "150100", "ab", 3, at.AddTicks(1)));
    }

    [Fact]
    public void The_canonical_form_is_compact_json_in_a_fixed_order_with_the_time_in_utc()
    {
        var entry = Chain(1)[0];

        var canonical = System.Text.Encoding.UTF8.GetString(ChainedFinding.Of(entry, FindingChain.Genesis).Canonical());

        // The contract a bundle's checker relies on: field order, names, masking, the answers' form, UTC with 7 decimals.
        Assert.Equal(
            "{\"inspection\":1,\"unit\":\"150100\",\"person\":\"1501**********0001\",\"sequence\":1,\"verdict\":\"Truthful\",\"reason\":\"电话核实\"," +
            "\"differing\":null,\"answers\":\"Employed|||\",\"comparison\":\"[]\",\"proxy\":false,\"attempt\":null,\"recorded_by\":\"inspector\"," +
            "\"recorded_at\":\"2026-11-30T02:01:00.0000000Z\",\"previous\":\"" + FindingChain.Genesis + "\"}",
            canonical);
    }

    [Fact]
    public void An_entry_stored_before_the_chain_has_neither_link_nor_hash_and_both_are_named()
    {
        var chain = Chain(1);
        chain[0].PreviousHash = null;
        chain[0].Hash = null;

        var problems = FindingChain.Verify(chain);

        Assert.Equal(["chain-link-broken", "chain-hash-missing"], problems.Select(p => p.Code));
        Assert.Equal(("", ""), (problems[0].Found, problems[1].Found));
    }

    [Fact]
    public void The_chain_refuses_nothing_to_work_on()
    {
        Assert.Throws<ArgumentNullException>(() => ChainedFinding.Of(null!, FindingChain.Genesis));
        Assert.Throws<ArgumentNullException>(() => FindingChain.Seal(null!, FindingChain.Genesis));
        Assert.Throws<ArgumentNullException>(() => FindingChain.Verify((IEnumerable<FindingEntry>)null!));
        Assert.Throws<ArgumentNullException>(() => FindingChain.Verify((IEnumerable<(long, ChainedFinding, string?)>)null!));
        Assert.Throws<ArgumentNullException>(() => FindingChain.Head(null!));
    }

    [Fact]
    public void Instants_that_are_hashed_keep_whole_microseconds_as_postgresql_does()
    {
        var clock = new DateTimeOffset(2026, 11, 30, 10, 0, 4, TimeSpan.FromHours(8)).AddTicks(8_031_377);

        var kept = ChainInstants.Kept(clock);

        Assert.Equal(clock.AddTicks(-7), kept);
        Assert.Equal(kept, ChainInstants.Kept(kept));
        Assert.Equal(clock.Offset, kept.Offset);
        Assert.Equal(0, kept.Ticks % 10);
        // What PostgreSQL gives back (microseconds, UTC) hashes as what was written.
        var stored = new DateTimeOffset(kept.UtcDateTime.Ticks / 10 * 10, TimeSpan.Zero);
        Assert.Equal(FindingChain.HeadStatement(1, "150100", new string('a', 64), 3, kept), FindingChain.HeadStatement(1, "150100", new string('a', 64), 3, stored));
        Assert.NotEqual(FindingChain.HeadStatement(1, "150100", new string('a', 64), 3, clock), FindingChain.HeadStatement(1, "150100", new string('a', 64), 3, stored));
    }
}
