using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace StaffConductAssistant.Data.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConcernId = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Scope = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RepresentationsBy = table.Column<DateOnly>(type: "date", nullable: false),
                    ReviewOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DeciderUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SiteBanId = table.Column<int>(type: "integer", nullable: false),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    To = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ByUserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ByRole = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Text = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    EvidenceId = table.Column<int>(type: "integer", nullable: true),
                    ReviewOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LetterTemplateId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LetterText = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    LetterStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LetterDetail = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
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
