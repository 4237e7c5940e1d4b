using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StaffConductAssistant.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue11Retention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PrunedThroughHash",
                table: "AuditChainHeads",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "PrunedThroughSeq",
                table: "AuditChainHeads",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "LegalHolds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConcernId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    PlacedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PlacedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReleasedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReleasedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReleaseReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LegalHolds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LegalHolds_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RetentionNotices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConcernId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NotifiedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RetentionNotices_Concerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "Concerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.UpdateData(
                table: "AuditChainHeads",
                keyColumn: "Id",
                keyValue: 1,
                columns: new[] { "PrunedThroughHash", "PrunedThroughSeq" },
                values: new object[] { "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.CreateIndex(
                name: "IX_LegalHolds_ConcernId_ReleasedAt",
                table: "LegalHolds",
                columns: new[] { "ConcernId", "ReleasedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RetentionNotices_ConcernId_Kind",
                table: "RetentionNotices",
                columns: new[] { "ConcernId", "Kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LegalHolds");

            migrationBuilder.DropTable(
                name: "RetentionNotices");

            migrationBuilder.DropColumn(
                name: "PrunedThroughHash",
                table: "AuditChainHeads");

            migrationBuilder.DropColumn(
                name: "PrunedThroughSeq",
                table: "AuditChainHeads");
        }
    }
}
