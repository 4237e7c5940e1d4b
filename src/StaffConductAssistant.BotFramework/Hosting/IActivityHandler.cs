using StaffConductAssistant.BotFramework.Invokes;
using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.BotFramework.Hosting;

/// <summary>
/// The application's entry point for authenticated activities (registered in DI by the app, resolved per request).
/// For <c>invoke</c> activities the result is the HTTP answer (null → 501); for other activities it is ignored.
/// </summary>
public interface IActivityHandler
{
    Task<InvokeResponse?> OnActivityAsync(Activity activity, CancellationToken cancellationToken);
}
