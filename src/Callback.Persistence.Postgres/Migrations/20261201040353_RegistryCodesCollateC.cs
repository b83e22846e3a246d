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
            migrationBuilder.AlterColumn<string>(
                name: "UnitCode",
                table: "PersonRevisions",
                type: "character(6)",
                fixedLength: true,
                maxLength: 6,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character(6)",
                oldFixedLength: true,
                oldMaxLength: 6);

            migrationBuilder.AlterColumn<string>(
                name: "CountyCode",
                table: "PersonRevisions",
                type: "character(6)",
                fixedLength: true,
                maxLength: 6,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character(6)",
                oldFixedLength: true,
                oldMaxLength: 6);

            migrationBuilder.AlterColumn<string>(
                name: "CertificateNumber",
                table: "PersonRevisions",
                type: "character(20)",
                fixedLength: true,
                maxLength: 20,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character(20)",
                oldFixedLength: true,
                oldMaxLength: 20);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "UnitCode",
                table: "PersonRevisions",
                type: "character(6)",
                fixedLength: true,
                maxLength: 6,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character(6)",
                oldFixedLength: true,
                oldMaxLength: 6,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "CountyCode",
                table: "PersonRevisions",
                type: "character(6)",
                fixedLength: true,
                maxLength: 6,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character(6)",
                oldFixedLength: true,
                oldMaxLength: 6,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "CertificateNumber",
                table: "PersonRevisions",
                type: "character(20)",
                fixedLength: true,
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character(20)",
                oldFixedLength: true,
                oldMaxLength: 20,
                oldCollation: "C");
        }
    }
}
