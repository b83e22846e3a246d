using Callback.Domain.Evidence;
using Callback.Domain.Findings;
using Callback.Domain.Scoring;
using Callback.Host.Common;
using Callback.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Evidence;

/// <summary>A unit whose findings chain does not hold, or whose locked head no longer matches.</summary>
public sealed record BrokenChain(int InspectionId, string UnitCode, IReadOnlyList<ChainProblem> Problems);

/// <summary>
/// The findings logs in the database as hash chains: each new entry is sealed onto its unit's chain; every chain can be
/// checked (at start-up, by <c>callback verify-evidence</c>, before a scorecard is locked); a lock signs the head.
/// </summary>
public sealed partial class EvidenceChain(CallbackDbContext db, EvidenceSigner signer, ILogger<EvidenceChain> logger)
{
    /// <summary>The hash a new entry of the unit follows: the last entry's, or the genesis for the first.</summary>
    public async Task<string> HeadAsync(int inspectionId, string unit, CancellationToken ct)
    {
        var last = await db.FindingEntries.AsNoTracking().Where(f => f.InspectionId == inspectionId && f.UnitCode == unit)
            .OrderByDescending(f => f.Id).Select(f => new { f.Hash }).FirstOrDefaultAsync(ct);
        if (last is null)
            return FindingChain.Genesis;
        return last.Hash ?? throw RequestRefusedException.Conflict("evidence-chain-broken",
            $"单位 {unit} 的核实结论记录链已损坏（最后一条记录没有哈希值，可能被直接修改过数据库）：请管理员运行 callback verify-evidence 查明");
    }

    /// <summary>Every unit's chain, checked: the entries' hashes and links, and each locked head against its signature.</summary>
    public async Task<IReadOnlyList<BrokenChain>> VerifyAllAsync(CancellationToken ct)
    {
        var entries = await db.FindingEntries.AsNoTracking().ToListAsync(ct);
        var locks = await db.ScorecardLocks.AsNoTracking().ToListAsync(ct);
        var units = entries.Select(e => (e.InspectionId, e.UnitCode)).Concat(locks.Select(l => (l.InspectionId, l.UnitCode))).Distinct();
        var broken = new List<BrokenChain>();
        foreach (var (inspection, unit) in units.OrderBy(u => u.InspectionId).ThenBy(u => u.UnitCode, StringComparer.Ordinal))
        {
            var problems = Check(entries.Where(e => e.InspectionId == inspection && e.UnitCode == unit).ToList(),
                locks.FirstOrDefault(l => l.InspectionId == inspection && l.UnitCode == unit));
            if (problems.Count > 0)
                broken.Add(new BrokenChain(inspection, unit, problems));
        }

        return broken;
    }

    public async Task<IReadOnlyList<ChainProblem>> VerifyUnitAsync(int inspectionId, string unit, CancellationToken ct)
    {
        var entries = await db.FindingEntries.AsNoTracking().Where(f => f.InspectionId == inspectionId && f.UnitCode == unit).ToListAsync(ct);
        var held = await db.ScorecardLocks.AsNoTracking().FirstOrDefaultAsync(l => l.InspectionId == inspectionId && l.UnitCode == unit, ct);
        return Check(entries, held);
    }

    /// <summary>Signs the unit's chain head into its lock (the chain must hold: a lock never seals a broken log).</summary>
    public async Task SealLockAsync(ScorecardLock held, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(held);
        var entries = await db.FindingEntries.AsNoTracking().Where(f => f.InspectionId == held.InspectionId && f.UnitCode == held.UnitCode).ToListAsync(ct);
        if (FindingChain.Verify(entries) is { Count: > 0 } problems)
        {
            throw RequestRefusedException.Conflict("evidence-chain-broken",
                $"单位 {held.UnitCode} 的核实结论记录链不完整（{problems.Count} 处：{Describe(problems[0])}），不能锁定评分表：请管理员运行 callback verify-evidence 查明");
        }

        held.ChainHead = FindingChain.Head(entries);
        held.ChainLength = entries.Count;
        held.ChainSignature = signer.Sign(FindingChain.HeadStatement(held.InspectionId, held.UnitCode, held.ChainHead, held.ChainLength, held.LockedAt));
    }

    /// <summary>
    /// Seals the logs written before the chain existed: a unit whose entries all lack a hash is chained once, in the
    /// order stored. A unit that has hashed entries and an entry without one is left alone: that is a broken chain.
    /// </summary>
    public async Task<int> SealLegacyAsync(CancellationToken ct)
    {
        var unsealed = await db.FindingEntries.Where(f => f.Hash == null).Select(f => new { f.InspectionId, f.UnitCode }).Distinct().ToListAsync(ct);
        var sealedCount = 0;
        foreach (var unit in unsealed)
        {
            var entries = await db.FindingEntries.Where(f => f.InspectionId == unit.InspectionId && f.UnitCode == unit.UnitCode).OrderBy(f => f.Id).ToListAsync(ct);
            if (entries.Any(e => e.Hash is not null))
                continue;
            var previous = FindingChain.Genesis;
            foreach (var entry in entries)
            {
                FindingChain.Seal(entry, previous);
                previous = entry.Hash!;
                sealedCount++;
            }
        }

        await db.SaveChangesAsync(ct);
        return sealedCount;
    }

    /// <summary>At start-up: old logs sealed, every chain checked, each broken one named in the log (no personal data).</summary>
    public async Task CheckAtStartAsync(CancellationToken ct)
    {
        var sealedCount = await SealLegacyAsync(ct);
        if (sealedCount > 0)
            LogSealed(logger, sealedCount);
        foreach (var chain in await VerifyAllAsync(ct))
            LogBroken(logger, chain.InspectionId, chain.UnitCode, chain.Problems.Count, Describe(chain.Problems[0]));
    }

    public static string Describe(ChainProblem problem) => problem.Code switch
    {
        "chain-entry-altered" => $"第 {problem.EntryId} 号记录的内容被改动（chain-entry-altered）",
        "chain-link-broken" => $"第 {problem.EntryId} 号记录之前的记录被删除、插入或调换（chain-link-broken）",
        "chain-hash-missing" => $"第 {problem.EntryId} 号记录没有哈希值（chain-hash-missing）",
        "chain-head-moved" => $"锁定时签名的记录链末端与现在不符：锁定后记录被改写（chain-head-moved）",
        "chain-head-signature" => $"锁定时的签名无法用本机公钥验证（chain-head-signature）",
        _ => problem.Code,
    };

    private List<ChainProblem> Check(List<FindingEntry> entries, ScorecardLock? held)
    {
        var problems = FindingChain.Verify(entries).ToList();
        if (held?.ChainHead is { } head)
        {
            var now = FindingChain.Head(entries);
            if (now != head || entries.Count != held.ChainLength)
                problems.Add(new ChainProblem("chain-head-moved", 0, held.ChainLength, head, now));
            if (!Signatures.Verify(signer.PublicKeyPem, FindingChain.HeadStatement(held.InspectionId, held.UnitCode, head, held.ChainLength, held.LockedAt), held.ChainSignature))
                problems.Add(new ChainProblem("chain-head-signature", 0, held.ChainLength, "valid", "invalid"));
        }

        return problems;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Findings written before the evidence chain existed were chained: {Count} entries")]
    private static partial void LogSealed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence chain broken: inspection {InspectionId}, unit {UnitCode}: {Count} problem(s), first: {First}. Run `callback verify-evidence`.")]
    private static partial void LogBroken(ILogger logger, int inspectionId, string unitCode, int count, string first);
}
