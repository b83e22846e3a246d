using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ImportScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Removed",
                table: "RegistryVersions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Scope",
                table: "RegistryVersions",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                // Versions imported before scopes existed only added and changed persons: the units of their rows.
                defaultValue: "rows");

            migrationBuilder.AddColumn<string>(
                name: "Scope",
                table: "ImportJobs",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "rows");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Removed",
                table: "RegistryVersions");

            migrationBuilder.DropColumn(
                name: "Scope",
                table: "RegistryVersions");

            migrationBuilder.DropColumn(
                name: "Scope",
                table: "ImportJobs");
        }
    }
}
