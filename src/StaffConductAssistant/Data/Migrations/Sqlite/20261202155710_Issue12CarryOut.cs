using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StaffConductAssistant.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue12CarryOut : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CaseMeetings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConcernId = table.Column<int>(type: "INTEGER", nullable: false),
                    ActionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Colleague = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    TransactionId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", nullable: true),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedByUserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseMeetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseMeetings_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseTasks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConcernId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OwnerUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OwnerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DoneByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RemindedBeforeAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RemindedOnDayAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OverdueToldAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseTasks_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaseMeetings_ActionId",
                table: "CaseMeetings",
                column: "ActionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseMeetings_ConcernId",
                table: "CaseMeetings",
                column: "ConcernId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseMeetings_TransactionId",
                table: "CaseMeetings",
                column: "TransactionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseTasks_ConcernId",
                table: "CaseTasks",
                column: "ConcernId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseTasks_DoneAt_DueOn",
                table: "CaseTasks",
                columns: new[] { "DoneAt", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseTasks_OwnerUserId",
                table: "CaseTasks",
                column: "OwnerUserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseMeetings");

            migrationBuilder.DropTable(
                name: "CaseTasks");
        }
    }
}
