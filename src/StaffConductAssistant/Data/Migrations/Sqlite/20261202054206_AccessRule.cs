using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StaffConductAssistant.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DslDeliveryProblem",
                table: "Concerns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DslToldAt",
                table: "Concerns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Safeguarding",
                table: "Concerns",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "SafeguardingHandledAt",
                table: "Concerns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SafeguardingHandledBy",
                table: "Concerns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SafeguardingNote",
                table: "Concerns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CasePeople",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConcernId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ByUserId = table.Column<string>(type: "TEXT", nullable: false)
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
