using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RecordingEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RecordingDeletedAt",
                table: "Calls",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "RecordingSeconds",
                table: "Calls",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecordingSha256",
                table: "Calls",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "RecordingSilent",
                table: "Calls",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RecordingStoredAt",
                table: "Calls",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordingDeletedAt",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "RecordingSeconds",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "RecordingSha256",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "RecordingSilent",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "RecordingStoredAt",
                table: "Calls");
        }
    }
}
