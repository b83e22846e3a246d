using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RegistryCodesCollateC : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One statement, not EF's three: the index holding both the unit and the certificate is rebuilt once, under
            // one lock. The column types stay, so the table itself is not rewritten. ALTER TYPE drops the columns'
            // statistics, and autovacuum would not gather them again on a table that did not change: ANALYZE does.
            migrationBuilder.Sql("""
                ALTER TABLE "PersonRevisions"
                    ALTER COLUMN "CertificateNumber" TYPE character(20) COLLATE "C",
                    ALTER COLUMN "CountyCode" TYPE character(6) COLLATE "C",
                    ALTER COLUMN "UnitCode" TYPE character(6) COLLATE "C";
                ANALYZE "PersonRevisions";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE "PersonRevisions"
                    ALTER COLUMN "CertificateNumber" TYPE character(20) COLLATE "default",
                    ALTER COLUMN "CountyCode" TYPE character(6) COLLATE "default",
                    ALTER COLUMN "UnitCode" TYPE character(6) COLLATE "default";
                ANALYZE "PersonRevisions";
                """);
        }
    }
}
