using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Integrity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Policy_MaxAttemptsPerDay",
                table: "Inspections",
                type: "INTEGER",
                nullable: false,
                defaultValue: 2);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SeedCommittedAt",
                table: "Inspections",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SeedCommittedBy",
                table: "Inspections",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DifferingFields",
                table: "FindingEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CommitmentPublishedAt",
                table: "Draws",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CommitmentPublishedBy",
                table: "Draws",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SeedCommitment",
                table: "Draws",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ConfirmedAt",
                table: "CallAttempts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConfirmedBy",
                table: "CallAttempts",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Calls_OneLiveCallPerPerson",
                table: "Calls",
                columns: new[] { "InspectionId", "CertificateNumber" },
                unique: true,
                filter: "\"Status\" NOT IN ('completed', 'busy', 'failed', 'no-answer', 'canceled')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Calls_OneLiveCallPerPerson",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "Policy_MaxAttemptsPerDay",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "SeedCommittedAt",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "SeedCommittedBy",
                table: "Inspections");

            migrationBuilder.DropColumn(
                name: "DifferingFields",
                table: "FindingEntries");

            migrationBuilder.DropColumn(
                name: "CommitmentPublishedAt",
                table: "Draws");

            migrationBuilder.DropColumn(
                name: "CommitmentPublishedBy",
                table: "Draws");

            migrationBuilder.DropColumn(
                name: "SeedCommitment",
                table: "Draws");

            migrationBuilder.DropColumn(
                name: "ConfirmedAt",
                table: "CallAttempts");

            migrationBuilder.DropColumn(
                name: "ConfirmedBy",
                table: "CallAttempts");
        }
    }
}
