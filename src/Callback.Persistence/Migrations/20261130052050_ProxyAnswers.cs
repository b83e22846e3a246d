using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Callback.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ProxyAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Proxy",
                table: "FindingEntries",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Proxy",
                table: "CallAttempts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Calls and text forms from before the flag existed: a guardian who said so is in the stored conversation or answers.
            migrationBuilder.Sql("""
                UPDATE CallAttempts SET Proxy = 1
                WHERE CallId IN (SELECT Id FROM Calls WHERE ConversationJson LIKE '%"who":"guardian"%')
                   OR (TextLinkId IS NOT NULL AND AnswersJson LIKE '%"who":"guardian"%');
                UPDATE FindingEntries SET Proxy = 1
                WHERE AttemptId IN (SELECT Id FROM CallAttempts WHERE Proxy = 1);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Proxy",
                table: "FindingEntries");

            migrationBuilder.DropColumn(
                name: "Proxy",
                table: "CallAttempts");
        }
    }
}
