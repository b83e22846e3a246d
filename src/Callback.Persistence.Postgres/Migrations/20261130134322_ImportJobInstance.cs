using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ImportJobInstance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Instance",
                table: "ImportJobs",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Instance",
                table: "ImportJobs");
        }
    }
}
