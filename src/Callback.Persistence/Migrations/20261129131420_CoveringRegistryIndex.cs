using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CoveringRegistryIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PersonRevisions_CertificateNumber_ValidToVersion",
                table: "PersonRevisions");

            migrationBuilder.DropIndex(
                name: "IX_PersonRevisions_UnitCode_ValidFromVersion",
                table: "PersonRevisions");

            migrationBuilder.CreateIndex(
                name: "IX_PersonRevisions_CertificateNumber_ValidToVersion_UnitCode_ValidFromVersion",
                table: "PersonRevisions",
                columns: new[] { "CertificateNumber", "ValidToVersion", "UnitCode", "ValidFromVersion" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PersonRevisions_CertificateNumber_ValidToVersion_UnitCode_ValidFromVersion",
                table: "PersonRevisions");

            migrationBuilder.CreateIndex(
                name: "IX_PersonRevisions_CertificateNumber_ValidToVersion",
                table: "PersonRevisions",
                columns: new[] { "CertificateNumber", "ValidToVersion" });

            migrationBuilder.CreateIndex(
                name: "IX_PersonRevisions_UnitCode_ValidFromVersion",
                table: "PersonRevisions",
                columns: new[] { "UnitCode", "ValidFromVersion" });
        }
    }
}
