using Microsoft.Extensions.Options;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.Features.Common;
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
        services.AddOptions<RolesOptions>().BindConfiguration(RolesOptions.Section);
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
        return services;
    }

    /// <summary>The bot: dispatch from activities to the features that handle them.</summary>
    public static IServiceCollection AddBotFeatures(this IServiceCollection services)
    {
        services.AddScoped<IActivityHandler, BotActivityHandler>();
        services.AddScoped<ConversationStore>();
        services.AddScoped<WelcomeHandler>();
        services.AddScoped<ConcernCards>();
        services.AddScoped<SltChannelHandler>();
        services.AddScoped<Features.ActingHeadmistress.ActingHeadmistressHandler>();
        services.AddScoped<DraftReader>();
        services.AddScoped<ConcernLogger>();
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
        return services;
    }
}
