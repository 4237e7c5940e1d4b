using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StaffConductAssistant.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Issue11 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "AuditEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrevHash",
                table: "AuditEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Seq",
                table: "AuditEntries",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditChainHeads",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    LastSeq = table.Column<long>(type: "bigint", nullable: false),
                    LastHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChainHeads", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "AuditChainHeads",
                columns: new[] { "Id", "LastHash", "LastSeq" },
                values: new object[] { 1, "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Seq",
                table: "AuditEntries",
                column: "Seq",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditChainHeads");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Seq",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "PrevHash",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Seq",
                table: "AuditEntries");
        }
    }
}
