using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StaffConductAssistant.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProposalAndDecision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DecidedByName",
                table: "Concerns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedProposalSha256",
                table: "Concerns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HeadmistressDeliveryProblem",
                table: "Concerns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LetterRecipientEmail",
                table: "Concerns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposalSha256",
                table: "Concerns",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedByName",
                table: "Concerns",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DecidedByName",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "DecidedProposalSha256",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "HeadmistressDeliveryProblem",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "LetterRecipientEmail",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "ProposalSha256",
                table: "Concerns");

            migrationBuilder.DropColumn(
                name: "ProposedByName",
                table: "Concerns");
        }
    }
}
