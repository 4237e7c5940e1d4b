using System.Diagnostics.CodeAnalysis;

// Test names are sentences, so they read as the rule they check.
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Test names are sentences.", Scope = "namespaceanddescendants", Target = "~N:StaffConductAssistant.Tests.Policy")]
