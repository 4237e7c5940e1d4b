using System.Diagnostics.CodeAnalysis;

// Test names are sentences (Some_thing_happens_when_...), which CA1707 forbids for library APIs.
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores",
    Justification = "Test names are sentences.", Scope = "namespaceanddescendants", Target = "~N:StaffConductAssistant.Tests")]
