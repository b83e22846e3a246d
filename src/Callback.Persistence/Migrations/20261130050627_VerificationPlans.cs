using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class VerificationPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Policy_MinutesBetweenTries",
                table: "Inspections",
                type: "INTEGER",
                nullable: false,
                // Inspections from before the setting get the default: two hours between tries.
                defaultValue: 120);

            migrationBuilder.CreateTable(
                name: "VerificationPlans",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InspectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PausedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    PausedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DoneAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LastRunAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    NextDueAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CallsPlaced = table.Column<int>(type: "INTEGER", nullable: false),
                    TextsSent = table.Column<int>(type: "INTEGER", nullable: false),
                    LastProblem = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VerificationPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VerificationPlans_Inspections_InspectionId",
                        column: x => x.InspectionId,
                        principalTable: "Inspections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_VerificationPlans_InspectionId_UnitCode",
                table: "VerificationPlans",
                columns: new[] { "InspectionId", "UnitCode" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VerificationPlans");

            migrationBuilder.DropColumn(
                name: "Policy_MinutesBetweenTries",
                table: "Inspections");
        }
    }
}
