using System.ComponentModel.DataAnnotations;

namespace StaffConductAssistant.Hosting;

public sealed class AppOptions
{
    public const string Section = "App";

    /// <summary>Where staff reach the app from Teams, for links in cards (https in Azure; loopback locally).</summary>
    [Required(ErrorMessage = "App:PublicBaseUrl is required (for example https://conduct.stjohnspriory.example/).")]
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:3978/");

    public Uri PolicyUrl => new(PublicBaseUrl, "policy");
}
