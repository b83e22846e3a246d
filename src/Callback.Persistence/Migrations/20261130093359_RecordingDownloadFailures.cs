using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RecordingDownloadFailures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RecordingDownloadError",
                table: "Calls",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RecordingDownloadFailures",
                table: "Calls",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecordingDownloadError",
                table: "Calls");

            migrationBuilder.DropColumn(
                name: "RecordingDownloadFailures",
                table: "Calls");
        }
    }
}
