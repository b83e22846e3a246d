using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Callback.Persistence.Leases;

/// <summary>
/// PostgreSQL's transaction-scoped advisory locks, kept in one place so that their keys are chosen once: a transaction
/// that takes one waits for any other holding it, and both let go at commit or rollback, on whichever instance. On
/// SQLite they do nothing: one instance runs on it, and its transactions begin IMMEDIATE (one writer at a time).
/// </summary>
public static class TransactionLocks
{
    private const long Imports = 7140512;
    private const int TextLinks = 7140513;

    /// <summary>Registry imports, one at a time: each numbers the next version from the last.</summary>
    public static Task ImportAsync(DbContext db, CancellationToken ct) =>
        TakeAsync(db, $"SELECT pg_advisory_xact_lock({Imports})", ct);

    /// <summary>
    /// Sending one person a text link: looking for their open link and storing a new one, in turn. Keyed by a hash of the
    /// inspection and certificate; two persons sharing a hash only wait for each other.
    /// </summary>
    public static Task TextLinkAsync(DbContext db, int inspectionId, string certificate, CancellationToken ct)
    {
        var person = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{inspectionId}:{certificate}")));
        return TakeAsync(db, $"SELECT pg_advisory_xact_lock({TextLinks}, {person})", ct);
    }

    private static async Task TakeAsync(DbContext db, FormattableString sql, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync(sql, ct).ConfigureAwait(false);
    }
}
