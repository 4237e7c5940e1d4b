using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StaffConductAssistant.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SiteBanDueProcess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SiteBans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConcernId = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RepresentationsBy = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DeciderUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteBans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SiteBans_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SiteBanSteps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SiteBanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ByRole = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    EvidenceId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LetterTemplateId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LetterText = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    LetterStatus = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LetterDetail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteBanSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SiteBanSteps_SiteBans_SiteBanId",
                        column: x => x.SiteBanId,
                        principalTable: "SiteBans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SiteBans_ConcernId",
                table: "SiteBans",
                column: "ConcernId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SiteBans_State",
                table: "SiteBans",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_SiteBanSteps_SiteBanId",
                table: "SiteBanSteps",
                column: "SiteBanId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SiteBanSteps");

            migrationBuilder.DropTable(
                name: "SiteBans");
        }
    }
}
