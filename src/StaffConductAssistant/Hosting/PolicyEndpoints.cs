namespace StaffConductAssistant.Hosting;

public static class PolicyEndpoints
{
    /// <summary>
    /// The school's policy as plain text, so cards can link to exactly the words they cite.
    /// The policy is public (the school publishes it on its website), so no sign-in is needed.
    /// </summary>
    public static IEndpointRouteBuilder MapPolicy(this IEndpointRouteBuilder endpoints)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Policy", "whatsapp-groups-policy.txt");
        endpoints.MapGet("/policy", () => Results.File(path, "text/plain; charset=utf-8"));
        return endpoints;
    }
}
