using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OneEvidenceModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The recording's status becomes one of RecordingStatus's words: what the seal and the deletion times
            // said on their own is now the status too, and any word a provider once sent that is not a status is
            // kept as a failure (the call's evidence then says the recording is not usable, as it was not).
            migrationBuilder.Sql("""
                UPDATE "Calls" SET "RecordingStatus" = 'deleted' WHERE "RecordingDeletedAt" IS NOT NULL;
                UPDATE "Calls" SET "RecordingStatus" = 'sealed' WHERE "RecordingDeletedAt" IS NULL AND "RecordingSha256" IS NOT NULL;
                UPDATE "Calls" SET "RecordingStatus" = 'failed' WHERE "RecordingStatus" IS NOT NULL AND "RecordingStatus" NOT IN
                    ('requested', 'failed-to-start', 'in-progress', 'paused', 'stopped', 'processing', 'completed', 'absent', 'failed', 'sealed', 'deleted');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""UPDATE "Calls" SET "RecordingStatus" = 'completed' WHERE "RecordingStatus" IN ('sealed', 'deleted');""");
        }
    }
}
