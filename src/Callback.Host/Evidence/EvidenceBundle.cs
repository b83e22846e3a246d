using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Domain.Evidence;
using Callback.Domain.Findings;
using Callback.Domain.Inspections;
using Callback.Domain.Registry;
using Callback.Domain.Sampling;
using Callback.Host.Findings;
using Callback.Host.Scoring;
using Callback.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Evidence;

/// <summary>
/// A unit's evidence as a signed ZIP that the unit can check without Callback (<c>callback verify-bundle</c>): the draw
/// certificate, every sampled person's attempts and calls (status, consent, answers, recording seal), the findings log
/// as its hash chain, the scorecard, the chain head signed at the lock, the public key, and a manifest with the
/// SHA-256 of every file, signed with the installation's key. Certificate and phone numbers are masked unless an
/// administrator asks for them whole; the audio itself is not included.
/// </summary>
public sealed class EvidenceBundle(CallbackDbContext db, ScorecardService scorecards, EvidenceSigner signer, Recordings.RecordingStore recordings, TimeProvider time)
{
    public const string Format = "callback-evidence-v1";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <param name="audio">Include each stored recording (recordings/{call}.wav) beside its seal: only for the recordings policy's listener roles.</param>
    public async Task<byte[]> BuildAsync(Inspection inspection, string unit, bool unmasked, string by, CancellationToken ct, bool audio = false)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        string Show(string certificate) => unmasked ? certificate : CertificateNumber.Mask(certificate);
        var files = new List<(string Path, byte[] Content)>();
        void Add(string path, object value) => files.Add((path, JsonSerializer.SerializeToUtf8Bytes(value, Json)));

        // A unit not yet drawn has no sample to show; its scorecard and findings (none, then) still travel.
        if (!await db.Draws.AsNoTracking().AnyAsync(d => d.InspectionId == inspection.Id && d.Kind == DrawKind.Persons && d.Unit == unit, ct))
        {
            Add("draw.json", new { Drawn = false, Unit = unit });
            Add("persons.json", Array.Empty<object>());
        }
        else
        {
            var state = await SampleState.LoadAsync(db, inspection, unit, ct);
            var draw = state.Draw;
            Add("draw.json", new
            {
                draw.Algorithm, draw.Unit, draw.Seed, draw.SeedCommitment, draw.CommitmentPublishedAt, draw.CommitmentPublishedBy, draw.RegistryVersion,
                draw.EligibilityFilter, draw.N, draw.R, draw.PopulationSize, draw.PopulationHash, draw.DrawnAt, draw.DrawnBy,
                Sample = draw.Sample.Select(Show), Reserves = draw.Reserves.Select(Show), Masked = !unmasked, Drawn = true,
            });

            var calls = await db.Calls.AsNoTracking().Where(c => c.InspectionId == inspection.Id && c.UnitCode == unit).OrderBy(c => c.Id).ToListAsync(ct);
            var callIds = calls.Select(c => c.Id).ToList();
            var consents = await db.ConsentEvents.AsNoTracking().Where(e => callIds.Contains(e.CallId)).ToListAsync(ct);
            var persons = state.Cases.Select(certificate => new
            {
                Position = state.Active.ToList().IndexOf(certificate) + 1 is var p && p > 0 ? p : (int?)null,
                Certificate = Show(certificate),
                ReplacedBy = state.Replacements.FirstOrDefault(r => r.ReplacedCertificate == certificate) is { } r ? new { Reserve = Show(r.ReserveCertificate), r.Reason, r.At, r.By } : null,
                Attempts = state.AllAttemptsOf(certificate).Select(a => new
                {
                    a.Id, a.AttemptedAt, a.Disposition, a.AaporCode, Source = a.EnteredByHand ? "by-hand" : a.TextLinkId is not null ? "text" : "callback",
                    a.Counts, a.ConfirmedBy, a.ConfirmedAt, a.Proxy, a.CallbackAt, a.RecordedBy, a.CallId, a.TextLinkId,
                    a.Answers,
                }),
                Calls = calls.Where(c => c.CertificateNumber == certificate).Select(c => new
                {
                    c.Id, c.Mode, Script = c.ScriptKey, c.Provider, To = unmasked ? c.To : PhoneList.Mask(c.To), c.CreatedAt, c.CreatedBy, c.Status, c.StatusChangedAt,
                    c.EndedAt, c.Disposition, c.SipResponseCode, c.AnsweredBy, c.FailureCode,
                    Consent = consents.Where(e => e.CallId == c.Id).OrderBy(e => e.Id).Select(e => new { e.At, Value = e.Value.ToString(), e.Method, e.ScriptKey }),
                    Recording = c.Recording is { } r ? new { Status = RecordingEvidence.Code(r.Status), r.Sha256, r.Seconds, r.Silent, r.StoredAt, r.DeletedAt } : null,
                }),
            });
            Add("persons.json", persons);
            if (audio)
            {
                foreach (var call in calls.Where(c => c.Recording is { Kept: true }))
                {
                    if (await recordings.ReadAsync(call.Id, ct) is { } wav)
                        files.Add(($"recordings/{call.Id.ToString(CultureInfo.InvariantCulture)}.wav", wav));
                }
            }
        }

        // The findings log exactly as chained, oldest first: one JSON object per line.
        var entries = await db.FindingEntries.AsNoTracking().Where(f => f.InspectionId == inspection.Id && f.UnitCode == unit).OrderBy(f => f.Id).ToListAsync(ct);
        var log = new StringBuilder();
        foreach (var entry in entries)
            log.Append(JsonSerializer.Serialize(new ChainLine(entry.Id, entry.Hash, ChainedFinding.Of(entry, entry.PreviousHash ?? "")), FindingChain.Json)).Append('\n');
        files.Add(("findings.jsonl", Encoding.UTF8.GetBytes(log.ToString())));

        Add("scorecard.json", await scorecards.ComputeAsync(inspection, unit, ct));
        if (await db.ScorecardLocks.AsNoTracking().FirstOrDefaultAsync(l => l.InspectionId == inspection.Id && l.UnitCode == unit, ct) is { ChainHead: not null } held)
            Add("chain-head.json", new ChainHeadFile(held.InspectionId, held.UnitCode, held.ChainHead, held.ChainLength, held.LockedAt, held.LockedBy, held.ChainSignature!));
        files.Add(("public-key.pem", Encoding.ASCII.GetBytes(signer.PublicKeyPem)));
        files.Add(("README.txt", Encoding.UTF8.GetBytes(ReadMe)));

        var manifest = JsonSerializer.SerializeToUtf8Bytes(new BundleManifest(
            Format, inspection.Id, unit, time.GetUtcNow(), by, unmasked, signer.KeyId,
            [.. files.Select(f => new BundleFile(f.Path, Convert.ToHexStringLower(SHA256.HashData(f.Content)), f.Content.Length))]), Json);
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files.Append(("manifest.json", manifest)).Append(("manifest.sig", Encoding.ASCII.GetBytes(signer.Sign(manifest)))))
            {
                var item = archive.CreateEntry(path, CompressionLevel.Optimal);
                await using var stream = await item.OpenAsync(ct);
                await stream.WriteAsync(content, ct);
            }
        }

        return zip.ToArray();
    }

    private const string ReadMe = """
        Callback 核查证据包 / evidence bundle (callback-evidence-v1)

        manifest.json   每个文件的 SHA-256；manifest.sig 是核查中心安装密钥（ECDSA P-256）对 manifest.json 的签名
        draw.json       抽取证明：算法、种子、承诺、登记版本、总体人数与哈希、样本与候补
        persons.json    每位被抽中人员的拨打记录、通话状态、同意录音事件、回答与录音封存哈希
        findings.jsonl  核实结论记录，每条记录的哈希覆盖前一条（哈希链）
        scorecard.json  评分表（4.4 的每项扣分都指向一条结论记录）
        chain-head.json 评分表锁定时签名的记录链末端（锁定后才有）

        验证（无需数据库、无需网络）：
          ./callback verify-bundle 本文件.zip --public-key 中心公钥.pem [--registry 抽取所用的登记导出文件]
        公钥请向检查组索取或在 Callback 控制台“评分表”页查看，不要只信任包内的 public-key.pem。
        """;
}

/// <summary>One line of a bundle's findings log: the entry's id, its claimed hash, and the entry as chained.</summary>
public sealed record ChainLine(
    [property: System.Text.Json.Serialization.JsonPropertyName("id")] long Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("hash")] string? Hash,
    [property: System.Text.Json.Serialization.JsonPropertyName("entry")] ChainedFinding Entry);

public sealed record ChainHeadFile(int Inspection, string Unit, string Head, int Length, DateTimeOffset LockedAt, string LockedBy, string Signature);

public sealed record BundleFile(string Path, string Sha256, long Bytes);

public sealed record BundleManifest(
    string Format, int Inspection, string Unit, DateTimeOffset CreatedAt, string CreatedBy, bool Unmasked, string KeyId, IReadOnlyList<BundleFile> Files);
