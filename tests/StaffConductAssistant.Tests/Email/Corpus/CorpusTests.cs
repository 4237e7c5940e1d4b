using Microsoft.Extensions.Configuration;
using StaffConductAssistant.Email;
using StaffConductAssistant.Features.LogConcern;
using StaffConductAssistant.Policy;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Email.Corpus;

/// <summary>
/// The extraction corpus (117 parent emails written for it, answers.json by hand; see README.md) read through the
/// app's own DraftReader with the shipped policy catalogue and the school's groups. Issue 14's aim: at least 95% of
/// every key field right, and a non-concern never tagged with conduct.
/// </summary>
public class CorpusTests
{
    private const double Aim = 0.95;

    internal static string Directory => Path.Combine(TestPaths.RepositoryRoot, "tests", "StaffConductAssistant.Tests", "Email", "Corpus");

    internal static DraftReader Reader()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(TestPaths.RepositoryRoot, "src", "StaffConductAssistant", "appsettings.json"))
            .Build();
        return new DraftReader(PolicyCatalogue.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Policy")), configuration);
    }

    internal static EmailDraft? Read(DraftReader reader, byte[] raw)
    {
        try
        {
            return reader.FromMime(raw).Draft;
        }
        catch (EmailReadException)
        {
            return null;
        }
    }

    [Fact]
    public void Every_key_field_is_right_in_at_least_95_percent_of_the_corpus()
    {
        var reader = Reader();
        var report = CorpusScorer.Score(Directory, raw => Read(reader, raw));
        Assert.True(report.Emails >= 80, $"the corpus has {report.Emails} emails; issue 14 asks for at least 80");
        var below = report.Fields.Where(f => CorpusScorer.KeyFields.Contains(f.Field) && f.Accuracy < Aim).ToList();
        Assert.True(below.Count == 0, "Below the aim:\n" + report.Table() + "\nMisses:\n" + string.Join('\n', report.Misses
            .Where(m => CorpusScorer.KeyFields.Contains(m.Field)).Select(m => $"{m.File} {m.Field}: want {m.Expected}, got {m.Got}")));
    }

    [Fact]
    public void A_non_concern_never_gets_a_conduct_tag_and_nothing_is_made_up_for_it()
    {
        var reader = Reader();
        foreach (var answer in CorpusScorer.LoadAnswers(Directory).Where(a => !a.IsConcern))
        {
            var draft = Read(reader, File.ReadAllBytes(Path.Combine(Directory, "emails", answer.File)));
            if (draft is null)
            {
                Assert.False(answer.Readable, answer.File + " should have been read");
                continue;
            }

            Assert.False(draft.IsLikelyConcern, answer.File);
            Assert.True(draft.Conduct.Count == 0, $"{answer.File}: {string.Join(",", draft.Conduct)}");
            Assert.True(draft.PostedBy is null, $"{answer.File}: poster {draft.PostedBy}");
        }
    }

    [Fact]
    public void The_corpus_key_matches_the_committed_emails()
    {
        var answers = CorpusScorer.LoadAnswers(Directory);
        var files = System.IO.Directory.GetFiles(Path.Combine(Directory, "emails"), "*.eml").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(files, answers.Select(a => a.File).Order(StringComparer.Ordinal));
    }
}
