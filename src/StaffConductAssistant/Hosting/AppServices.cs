using Microsoft.Extensions.Options;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.Features.ActingHeadmistress;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Features.RefreshCase;
using StaffConductAssistant.Features.Safeguarding;
using StaffConductAssistant.Features.WithdrawCase;
using StaffConductAssistant.Features.LogConcern;
using StaffConductAssistant.Features.SltChannelSetup;
using StaffConductAssistant.Features.Welcome;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Hosting;

public static class AppServices
{
    /// <summary>App-wide options, bound and validated at start.</summary>
    public static IServiceCollection AddAppOptions(this IServiceCollection services)
    {
        services.AddOptions<AppOptions>().BindConfiguration(AppOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The school's policy as data, loaded and checked word for word against the policy text before the app starts:
    /// a quote that is not in the policy stops the app with a message naming the entry.
    /// </summary>
    public static IServiceCollection AddSchoolPolicy(this IServiceCollection services)
    {
        services.AddSingleton(PolicyCatalogue.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Policy")));
        return services;
    }

    /// <summary>Who is asking: roles from the school's directory (configuration in local mode).</summary>
    public static IServiceCollection AddStaffDirectory(this IServiceCollection services)
    {
        services.AddOptions<RolesOptions>().BindConfiguration(RolesOptions.Section)
            .Validate<IOptions<GraphOptions>>(
                (roles, graph) => !(graph.Value.IsConfigured && !string.IsNullOrWhiteSpace(roles.SltGroupId)) || !string.IsNullOrWhiteSpace(roles.StaffGroupId),
                "Roles:StaffGroupId must name the Entra ID group of the school's staff when roles come from Entra ID (Roles:SltGroupId is set): without it nobody could use the app.")
            .ValidateOnStart();
        services.AddMemoryCache();
        // Entra ID through Graph when both Graph and the SLT group are configured; otherwise (local mode) configuration.
        services.AddSingleton<ConfiguredDirectoryRoles>();
        services.AddSingleton<GraphDirectoryRoles>();
        services.AddSingleton<IDirectoryRoles>(sp =>
            sp.GetRequiredService<IOptions<GraphOptions>>().Value.IsConfigured
            && !string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<RolesOptions>>().Value.SltGroupId)
                ? sp.GetRequiredService<GraphDirectoryRoles>()
                : sp.GetRequiredService<ConfiguredDirectoryRoles>());
        services.AddScoped<StaffDirectory>();
        services.AddScoped<NamedStaff>();
        return services;
    }

    /// <summary>The bot: dispatch from activities to the features that handle them.</summary>
    public static IServiceCollection AddBotFeatures(this IServiceCollection services)
    {
        services.AddScoped<IActivityHandler, BotActivityHandler>();
        services.AddScoped<ConversationStore>();
        services.AddScoped<WelcomeHandler>();
        services.AddScoped<SltChannelHandler>();
        services.AddScoped<ActingHeadmistressHandler>();
        services.AddScoped<DraftReader>();
        services.AddScoped<ConcernLogger>();
        services.AddScoped<ParentChoice>();
        services.AddScoped<Features.SubjectAccess.SubjectAccessExport>();
        services.AddScoped<LogConcernHandler>();
        services.AddScoped<ConcernSuggestion>();
        return services;
    }

    /// <summary>Work done after the answer (cards to others, letters, reminders), stored first so nothing is lost.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section);
        services.AddSingleton<OutboxProcessor>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxProcessor>());
        services.AddScoped<IOutboxHandler, PublishConcernHandler>();
        services.AddScoped<IOutboxHandler, RefreshConcernCardsHandler>();
        services.AddScoped<IOutboxHandler, PostSltBacklogHandler>();
        return services;
    }

    /// <summary>
    /// A concern's card and every request about one case: the card and its copies, the dispatcher that asks the access
    /// rule, and one handler per use case (refresh, propose, decide, carry out, withdraw, safeguarding).
    /// </summary>
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddOptions<TeamsAppOptions>().BindConfiguration(TeamsAppOptions.Section);
        services.AddOptions<LetterOptions>().BindConfiguration(LetterOptions.Section);
        services.AddSingleton(LetterTemplates.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Features", "ProposeResponse", LetterTemplates.FileName)));

        // SLT's edited versions over the shipped file; the file's templates that have no version yet are seeded at start.
        services.AddSingleton<Features.EditLetterTemplates.LetterTemplateLibrary>();
        services.AddHostedService<Features.EditLetterTemplates.LetterTemplateSeeding>();
        services.AddScoped<CaseCardBuilder>();
        services.AddScoped<CaseCopies>();
        services.AddScoped<PersonalDelivery>();
        services.AddScoped<CaseChanges>();
        services.AddScoped<CaseActionDispatcher>();
        services.AddScoped<CaseCardInvoke>();
        services.AddScoped<RefreshCaseHandler>();
        services.AddScoped<ProposeHandler>();
        services.AddScoped<WithdrawHandler>();
        services.AddScoped<DecideHandler>();
        services.AddScoped<CarryOutHandler>();
        services.AddScoped<Features.ScheduleMeeting.BookMeetingHandler>();
        services.AddScoped<Features.ScheduleMeeting.MeetingInvitation>();
        services.AddScoped<IOutboxHandler, Features.ScheduleMeeting.MeetingCalendarHandler>();
        services.AddScoped<Features.Tasks.TaskHandler>();
        services.AddScoped<IOutboxHandler, Features.Tasks.TaskReminderHandler>();
        services.AddScoped<RecordSafeguardingHandler>();
        services.AddScoped<HeadmistressDelivery>();
        services.AddScoped<DslDelivery>();
        services.AddScoped<LetterSender>();
        services.AddSingleton<LetterFolder>();
        services.AddScoped<IOutboxHandler, NotifyHeadmistressHandler>();
        services.AddScoped<IOutboxHandler, RemindHeadmistressHandler>();
        services.AddScoped<IOutboxHandler, NotifyDslHandler>();
        services.AddScoped<IOutboxHandler, SendLetterHandler>();

        // The site-ban due process: representations, the review, its letters and dates.
        services.AddOptions<Features.SiteBans.SiteBanOptions>().BindConfiguration(Features.SiteBans.SiteBanOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<Features.SiteBans.SiteBanHandler>();
        services.AddScoped<IOutboxHandler, Features.SiteBans.SiteBanLetterSender>();
        services.AddScoped<IOutboxHandler, Features.SiteBans.SiteBanDueHandler>();
        services.AddScoped<IOutboxHandler, Features.SiteBans.TellAboutSiteBanHandler>();
        return services;
    }
}
