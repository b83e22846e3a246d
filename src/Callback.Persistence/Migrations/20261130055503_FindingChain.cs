using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FindingChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChainHead",
                table: "ScorecardLocks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ChainLength",
                table: "ScorecardLocks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ChainSignature",
                table: "ScorecardLocks",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "FindingEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "FindingEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_FindingEntries_InspectionId_UnitCode_PreviousHash",
                table: "FindingEntries",
                columns: new[] { "InspectionId", "UnitCode", "PreviousHash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FindingEntries_InspectionId_UnitCode_PreviousHash",
                table: "FindingEntries");

            migrationBuilder.DropColumn(
                name: "ChainHead",
                table: "ScorecardLocks");

            migrationBuilder.DropColumn(
                name: "ChainLength",
                table: "ScorecardLocks");

            migrationBuilder.DropColumn(
                name: "ChainSignature",
                table: "ScorecardLocks");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "FindingEntries");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "FindingEntries");
        }
    }
}
