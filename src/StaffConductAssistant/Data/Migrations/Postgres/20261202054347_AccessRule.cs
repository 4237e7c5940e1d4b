using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace StaffConductAssistant.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AccessRule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Concerns_ContentSha256",
                table: "Concerns");

            migrationBuilder.DropIndex(
                name: "IX_Concerns_EmailMessageId",
                table: "Concerns");

            migrationBuilder.AddColumn<string>(
                name: "RecipientUserId",
                table: "SentCards",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DslDeliveryProblem",
                table: "Concerns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DslToldAt",
                table: "Concerns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Safeguarding",
                table: "Concerns",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SafeguardingHandledAt",
                table: "Concerns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SafeguardingHandledBy",
                table: "Concerns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SafeguardingNote",
                table: "Concerns",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CasePeople",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConcernId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ByUserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CasePeople", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CasePeople_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_ContentSha256",
                table: "Concerns",
                column: "ContentSha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_EmailMessageId",
                table: "Concerns",
                column: "EmailMessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_ReporterEmail_EmailSentAt",
                table: "Concerns",
                columns: new[] { "ReporterEmail", "EmailSentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CasePeople_ConcernId_UserId_Kind",
                table: "CasePeople",
                columns: new[] { "ConcernId", "UserId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CasePeople_UserId_Kind",
                table: "CasePeople",
                columns: new[] { "UserId", "Kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CasePeople");

            migrationBuilder.DropIndex(
                name: "IX_Concerns_ContentSha256",
                table: "Concerns");

            migrationBuilder.DropIndex(
                name: "IX_Concerns_EmailMessageId",
                table: "Concerns");

            migrationBuilder.DropIndex(
                name: "IX_Concerns_ReporterEmail_EmailSentAt",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "RecipientUserId",
                table: "SentCards");

            migrationBuilder.DropColumn(
                name: "DslDeliveryProblem",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "DslToldAt",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "Safeguarding",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "SafeguardingHandledAt",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "SafeguardingHandledBy",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "SafeguardingNote",
                table: "Concerns");

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_ContentSha256",
                table: "Concerns",
                column: "ContentSha256");

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_EmailMessageId",
                table: "Concerns",
                column: "EmailMessageId");
        }
    }
}
