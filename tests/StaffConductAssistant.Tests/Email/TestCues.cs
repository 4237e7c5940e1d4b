using StaffConductAssistant.Email;

namespace StaffConductAssistant.Tests.Email;

/// <summary>A reasonable stand-in for the policy catalogue's cue list, for tests only.</summary>
internal static class TestCues
{
    public static ExtractionContext Context { get; } = new()
    {
        ConductCues =
        [
            new("staff-criticism", ["useless", "can't be bothered", "should not be teaching", "incompetent", "rubbish teacher"]),
            new("threats", ["threat", "wait outside", "regret", "sort him out", "sort her out", "having a word", "won't like it"]),
            new("commercial-links", ["discount", "code", "my business", "business", "sign up", "petition", "fundraiser"]),
            new("teacher-screenshot", ["screenshot of a private message", "private message from", "message from the teacher", "message you sent", "screenshot of my message"]),
            new("political", ["general election", "political", "politics", "vote"]),
            new("swearing", ["f***ing", "swearing", "swore"]),
        ],
    };
}
