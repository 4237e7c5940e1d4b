using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StaffConductAssistant.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Issue16Outbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CaseId",
                table: "Outbox",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_CaseId_CompletedAt",
                table: "Outbox",
                columns: new[] { "CaseId", "CompletedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_CaseId_CompletedAt",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "CaseId",
                table: "Outbox");
        }
    }
}
