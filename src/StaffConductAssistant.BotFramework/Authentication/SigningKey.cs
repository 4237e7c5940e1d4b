using Microsoft.IdentityModel.Tokens;

namespace StaffConductAssistant.BotFramework.Authentication;

/// <summary>A key from the Bot Framework JWKS with the channel ids it may sign for (its <c>endorsements</c>).</summary>
internal sealed record SigningKey(string KeyId, SecurityKey Key, IReadOnlySet<string> Endorsements);
