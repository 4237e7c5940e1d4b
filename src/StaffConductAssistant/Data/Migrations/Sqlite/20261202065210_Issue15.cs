using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StaffConductAssistant.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue15 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Concerns_PostedByKey",
                table: "Concerns");

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_LoggedAt",
                table: "Concerns",
                column: "LoggedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_PostedByKey_LoggedAt",
                table: "Concerns",
                columns: new[] { "PostedByKey", "LoggedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Concerns_LoggedAt",
                table: "Concerns");

            migrationBuilder.DropIndex(
                name: "IX_Concerns_PostedByKey_LoggedAt",
                table: "Concerns");

            migrationBuilder.CreateIndex(
                name: "IX_Concerns_PostedByKey",
                table: "Concerns",
                column: "PostedByKey");
        }
    }
}
