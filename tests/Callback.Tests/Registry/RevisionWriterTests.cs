using Callback.Domain.Registry;
using Callback.Persistence.Registry;
using Callback.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Callback.Tests.Registry;

/// <summary>Each engine's bulk path (SQLite's native binding, PostgreSQL's binary COPY) stores exactly what the portable ADO.NET writer (and EF) would.</summary>
public sealed class RevisionWriterTests
{
    [Fact]
    public async Task The_engines_bulk_writer_and_the_portable_writer_store_the_same_values_and_close_revisions()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var template = Template;
        await harness.QueryAsync(async (db, _) =>
        {
            db.RegistryVersions.Add(new RegistryVersion { ImportedBy = "t", FileName = "f", FileSha256 = new string('0', 64), Format = "csv" });
            await db.SaveChangesAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var connection = db.Database.GetDbConnection();
            var columns = new RevisionColumns(db);
            // 17 rows through the engine's bulk path (SQLite: one full multi-row statement and one row left for Flush;
            // PostgreSQL: binary COPY), then one through the portable writer.
            using (var bulk = RevisionWriters.Create(columns, connection, transaction.GetDbTransaction()))
            {
                Assert.IsType(TestDatabase.IsPostgres ? typeof(PostgresRevisionWriter) : typeof(SqliteRevisionWriter), bulk);
                for (var i = 0; i < 17; i++)
                    bulk.Add(Copy(template, $"1507811990010100{i:D2}21"));
                // Every column that takes a null, with the other value of each (nulls where the template has values).
                bulk.Add(Copy(Flipped, "15078119900101005021"));
                bulk.Flush();
            }

            using (var portable = new AdoRevisionWriter(columns, connection, transaction.GetDbTransaction()))
            {
                portable.Add(Copy(template, "15078119900101009921"));
                portable.Flush();
            }

            // The bulk path closes a revision (PostgreSQL: after its copy, in one statement), and sends a copy larger than
            // its buffer in pieces.
            var first = await db.PersonRevisions.Where(p => p.CertificateNumber == "15078119900101000021").Select(p => p.Id).SingleAsync();
            using (var bulk = RevisionWriters.Create(columns, connection, transaction.GetDbTransaction()))
            {
                bulk.Add(Copy(template, "15078119900101009821"));
                for (var i = 0; i < 600; i++)
                    bulk.Add(Copy(template, $"150781199001020{i:D3}21"));
                bulk.Close(first, 2);
                bulk.Flush();
            }

            await transaction.CommitAsync();
            return 0;
        });

        var stored = await harness.QueryAsync((db, _) => db.PersonRevisions.AsNoTracking().OrderBy(p => p.CertificateNumber).ToListAsync());
        Assert.Equal(620, stored.Count);
        Assert.Equal(2, stored.Single(p => p.CertificateNumber == "15078119900101000021").ValidToVersion);
        var flipped = Flipped;
        foreach (var property in typeof(PersonRevision).GetProperties().Where(p => p.Name is not nameof(PersonRevision.Id) and not nameof(PersonRevision.CertificateNumber)))
        {
            foreach (var row in stored.Where(p => p.CertificateNumber is not "15078119900101000021" and not "15078119900101005021"))
                Assert.Equal(property.GetValue(template), property.GetValue(row));
            Assert.Equal(property.GetValue(flipped), property.GetValue(stored.Single(p => p.CertificateNumber == "15078119900101005021")));
        }
    }

    [Fact]
    [Trait("Database", "postgres-only")]
    public async Task A_copy_left_unfinished_is_cancelled_so_nothing_of_it_is_committed_and_the_connection_stays_usable()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var count = await harness.QueryAsync(async (db, _) =>
        {
            db.RegistryVersions.Add(new RegistryVersion { ImportedBy = "t", FileName = "f", FileSha256 = new string('0', 64), Format = "csv" });
            await db.SaveChangesAsync();
            var connection = db.Database.GetDbConnection();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                // The copy is under way (more than one buffer sent) when the writer is disposed without its Flush.
                using (var bulk = RevisionWriters.Create(new RevisionColumns(db), connection, transaction.GetDbTransaction()))
                {
                    for (var i = 0; i < 1000; i++)
                        bulk.Add(Copy(Template, $"150781199001010{i:D3}21"));
                }

                // Cancelled, the transaction is aborted: even a commit keeps nothing (ended as if complete, it would keep 1,000 rows).
                var aborted = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync("SELECT 1"));
                Assert.Equal("25P02", aborted.SqlState);
                await transaction.CommitAsync();
            }

            return await db.PersonRevisions.CountAsync();
        });

        Assert.Equal(0, count);
    }

    [Fact]
    public void The_copy_encoder_refuses_a_column_it_cannot_encode_when_made_naming_the_column()
    {
        var unknown = Assert.Throws<NotSupportedException>(() =>
            new CopyTupleEncoder(["\"Name\"", "\"Token\""], [typeof(string), typeof(Guid)], ["character varying(50)", "uuid"]));
        Assert.Contains("\"Token\"", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("Guid", unknown.Message, StringComparison.Ordinal);

        // A known value type into a column of another type: its binary form would be read as something else.
        var mismatched = Assert.Throws<NotSupportedException>(() =>
            new CopyTupleEncoder(["\"Grade\""], [typeof(int)], ["smallint"]));
        Assert.Contains("smallint", mismatched.Message, StringComparison.Ordinal);

        Assert.NotNull(new CopyTupleEncoder(["\"CertificateNumber\"", "\"UpdatedOn\""], [typeof(string), typeof(DateOnly)], ["character(20)", "date"]));
    }

    private static PersonRevision Template => new()
    {
        CertificateNumber = "",
        ValidFromVersion = 1,
        ValidToVersion = null,
        SourceRow = 7,
        Name = "<b>其其格</b>",
        Sex = Sex.Female,
        Category = DisabilityCategory.Hearing,
        Grade = DisabilityGrade.Three,
        CountyCode = "150781",
        UnitCode = "150781",
        PhoneWritten = "170 2249 1594",
        PhoneE164 = "+8617022491594",
        GuardianPhoneWritten = null,
        GuardianPhoneE164 = null,
        HasCallableNumber = true,
        EmploymentStatus = EmploymentStatus.Employed,
        EmploymentForm = EmploymentForm.PublicWelfarePost,
        Employer = "满洲里市, \"社区\"",
        NotEmployedReason = null,
        Trained = true,
        TrainingYear = 2025,
        TrainingProgramme = "蒙古族刺绣",
        TrainingLength = TrainingLength.Short,
        UpdatedOn = new DateOnly(2026, 2, 28),
        IsSynthetic = true,
        ContentHash = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
    };

    /// <summary>The template with each nullable column's null turned into a value and each value into null.</summary>
    private static PersonRevision Flipped
    {
        get
        {
            var p = Copy(Template, "");
            p.ValidToVersion = 3;
            p.PhoneWritten = null;
            p.PhoneE164 = null;
            p.GuardianPhoneWritten = "0471-5971665";
            p.GuardianPhoneE164 = "+864715971665";
            p.HasCallableNumber = false;
            p.EmploymentStatus = EmploymentStatus.NotEmployed;
            p.EmploymentForm = null;
            p.Employer = null;
            p.NotEmployedReason = "丧失劳动能力";
            p.Trained = false;
            p.TrainingYear = null;
            p.TrainingProgramme = null;
            p.TrainingLength = null;
            p.IsSynthetic = false;
            return p;
        }
    }

    private static PersonRevision Copy(PersonRevision p, string certificate)
    {
        var copy = (PersonRevision)typeof(PersonRevision).GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(p, null)!;
        copy.CertificateNumber = certificate;
        return copy;
    }
}
