using StaffConductAssistant.Cases;
using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Features.Retention;

public static class RetentionSetup
{
    /// <summary>The retention schedule (checked at start) and its daily run, booked in the outbox so one instance runs it.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RetentionJob>();
        services.AddScoped<LegalHoldHandler>();
        services.AddScoped<IOutboxHandler>(sp => sp.GetRequiredService<RetentionJob>());
        services.AddHostedService<RetentionScheduler>();
        return services;
    }
}
