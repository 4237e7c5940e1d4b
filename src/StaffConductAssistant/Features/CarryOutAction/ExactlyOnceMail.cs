using StaffConductAssistant.Graph;

namespace StaffConductAssistant.Features.CarryOutAction;

/// <summary>
/// Exactly once for every letter the app emails (approved response letters, site-ban letters): Graph's sendMail has
/// no idempotency key, so each letter carries its marker header, and a send that may follow one that went (someone
/// pressed "Try sending again", or the outbox ran the work again) looks for that marker in Sent Items first.
/// </summary>
public static class ExactlyOnceMail
{
    /// <summary>What staff are told when no answer came: the letter may have gone, and a retry finds out first.</summary>
    public const string UnknownReason = "Microsoft Graph did not answer, so it is not known whether the email went. \"Try sending again\" looks in the school mailbox's Sent Items first and sends it only if it is not there";

    /// <summary>Sends the letter unless it is already in Sent Items; true if it was sent now, false if it had gone before.</summary>
    /// <param name="mayHaveGone">A retry or a second run: look in Sent Items first.</param>
    public static async Task<bool> SendAsync(IMailSender mail, string mailbox, string to, OutgoingLetter letter, bool mayHaveGone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(letter);
        var marker = (OutgoingLetter.MarkerHeader, letter.LetterId);
        if (mayHaveGone && await mail.IsInSentItemsAsync(mailbox, marker, ct))
        {
            return false;
        }

        await mail.SendAsync(mailbox, to, letter.Subject, letter.Body, marker, ct);
        return true;
    }
}
