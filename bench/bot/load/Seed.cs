// Seeds a bench database through the app's own EF Core model (SqliteAppDbContext and its migrations), so the rows
// have exactly the shape the app writes. Text sizes follow what a school's concern holds: a quoted WhatsApp post of a
// few hundred characters, notes, a proposal's reason and a letter of about 1.5 KB, the original email (~9 KB MIME).
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.ProposeResponse;

static class Seed
{
    public const string SltId = "00000000-0000-0000-0000-0000000000b1";
    public const string HeadmistressId = "00000000-0000-0000-0000-0000000000b2";
    public const string TeacherId = "00000000-0000-0000-0000-0000000000b3";
    public const string SltGroupId = "bbbbbbbb-0000-0000-0000-00000000000a";
    public const string StaffGroupId = "bbbbbbbb-0000-0000-0000-00000000000b";
    public const string TargetParent = "Daniel Okafor";

    static readonly string[] Conduct =
    [
        "abusive-personal-comments", "grievances-about-people", "disrespectful-messages", "bullying",
        "anger-swearing-offensive-language", "bringing-school-into-disrepute", "threatening-behaviour", "private-conversations",
    ];

    static readonly string[] FirstNames = ["Sarah", "James", "Aisha", "Tom", "Priya", "Michael", "Joanna", "Kwame", "Lucy", "Imran", "Helen", "David", "Fatima", "Chris", "Emma", "Steve", "Grace", "Oliver", "Nadia", "Paul"];
    static readonly string[] Surnames = ["Price", "Malik", "Rowe", "Smith", "Patel", "Jones", "Okafor", "Taylor", "Brown", "Wilson"];

    public static string ConnectionString(string path) => $"Data Source={path}";

    static SqliteAppDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(ConnectionString(path)).Options);

    /// <summary>Creates the database with the app's migrations (as the app would on a fresh file).</summary>
    public static async Task MigrateAsync(string path)
    {
        await using var db = Open(path);
        await db.Database.MigrateAsync();
    }

    /// <summary>
    /// <paramref name="count"/> concerns about 200 parents over two years, every state, with proposals, decisions,
    /// actions, the original email and a trail each. Concern 1 is the case the bench refreshes (the same in every
    /// database). <paramref name="approvePool"/> of them wait for the Headmistress with a proposal (state Proposed), so each
    /// approve has a fresh one. Returns the pool's ids.
    /// </summary>
    public static async Task<List<int>> SeedAsync(string path, int count, int approvePool, DateTimeOffset now)
    {
        await using var db = Open(path);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var parents = Enumerable.Range(0, 200).Select(i => i == 0 ? TargetParent : $"{FirstNames[i % FirstNames.Length]} {Surnames[(i / FirstNames.Length) % Surnames.Length]}-{i:000}").ToArray();
        var email = Encoding.UTF8.GetBytes(Email("A worried parent", "Year 4", 0));
        var pool = new List<int>();
        var span = TimeSpan.FromDays(730);
        for (var batch = 0; batch < count; batch += 500)
        {
            var concerns = new List<Concern>();
            for (var i = batch; i < Math.Min(count, batch + 500); i++)
            {
                // Concern 1 (i = 0) is always the target; the pool is every other concern until it is full, so it is spread over time.
                var state = i == 0 ? CaseState.UnderReview : (i % 2 == 1 && (i / 2) < approvePool) ? CaseState.Proposed : StateFor(i);
                var loggedAt = i == 0 ? now.AddHours(-1) : now - (span * ((double)i / Math.Max(1, count))) - TimeSpan.FromHours(2);
                concerns.Add(Concern(i, parents[i % parents.Length], state, loggedAt, now, email));
            }

            db.Concerns.AddRange(concerns);
            await db.SaveChangesAsync();
            foreach (var c in concerns)
            {
                Trail(db, c);
                if (c.State == CaseState.Proposed)
                {
                    pool.Add(c.Id);
                }
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return pool;
    }

    /// <summary>The concerns of a seeded database that wait for a decision (for --seed-from, which reuses a pristine copy).</summary>
    public static async Task<List<int>> PoolAsync(string path)
    {
        await using var db = Open(path);
        return await db.Concerns.Where(c => c.State == CaseState.Proposed).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
    }

    static CaseState StateFor(int i) => (i % 20) switch
    {
        < 11 => CaseState.Closed,
        11 => CaseState.Withdrawn,
        12 => CaseState.Rejected,
        13 or 14 => CaseState.ActionsInProgress,
        15 => CaseState.Approved,
        16 => CaseState.ChangesRequested,
        17 => CaseState.Logged,
        18 => CaseState.UnderReview,
        _ => CaseState.Proposed,
    };

    static Concern Concern(int i, string parent, CaseState state, DateTimeOffset loggedAt, DateTimeOffset now, byte[] email)
    {
        var group = $"Year {(i % 6) + 1}";
        var conduct = i == 0 ? [Conduct[0], Conduct[1]] : new[] { Conduct[i % Conduct.Length], Conduct[(i / 7) % Conduct.Length] }.Distinct().ToArray();
        var c = new Concern
        {
            State = state,
            LoggedAt = loggedAt,
            LoggedByUserId = TeacherId,
            LoggedByName = "Tom Teacher",
            ReporterName = "A worried parent",
            ReporterEmail = $"reporter{i % 350}@example.org",
            EmailSentAt = loggedAt.AddMinutes(-20),
            EmailSubject = $"Messages in the {group} class WhatsApp group",
            Group = group,
            PostedBy = parent,
            PostedByKey = ConcernLists.ParentKey(parent),
            Quote = Quote(i),
            Notes = "Forwarded by the class rep with three screenshots. The messages were posted in the evening and stayed up until the next morning; " +
                    "several parents replied. The teacher named has been told and supported.",
            ConductIdsJson = ConcernLists.Write(conduct),
            NamedChildrenJson = ConcernLists.Write(i % 4 == 0 ? ["Amelia (Year 4)"] : []),
            NamedStaffJson = ConcernLists.Write(["Mrs Smith"]),
            EmailMessageId = $"<bench-{i}@mail.example.org>",
            ContentSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("bench-" + i))),
            SourceMessageId = $"17{i:0000000000}",
            SourceConversationId = "19:office@thread.tacv2;messageid=17" + i.ToString("0000000000", CultureInfo.InvariantCulture),
            UpdatedAt = loggedAt.AddDays(1) < now ? loggedAt.AddDays(1) : now,
            Evidence =
            [
                new ConcernEvidence
                {
                    Kind = EvidenceKind.OriginalEmail, FileName = "original.eml", ContentType = "message/rfc822", Size = email.Length,
                    Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(email)), Content = email,
                },
            ],
        };
        if (state is CaseState.Logged or CaseState.UnderReview or CaseState.Withdrawn)
        {
            return c;
        }

        // A proposal: a cautionary notice with its letter, proposed by SLT.
        c.ProposalVersion = 1;
        c.ProposedResponseIdsJson = ConcernLists.Write(["cautionary-notice"]);
        c.ProposalReason = "Personal abuse of a member of staff in a class group; a first incident, so a cautionary notice is the proportionate response the policy names.";
        c.LetterTemplateId = "cautionary-notice";
        c.LetterText = Letter(parent);
        c.LetterRecipientEmail = $"parent{i % 200}@example.org";
        c.ProposedByUserId = SltId;
        c.ProposedByName = "Sam Senior";
        c.ProposedAt = loggedAt.AddHours(20);
        c.ProposalSha256 = ProposeHandler.ProposalHash(c);
        if (state is CaseState.Proposed or CaseState.ChangesRequested)
        {
            if (state == CaseState.ChangesRequested)
            {
                Decide(c, "Please soften the second paragraph.");
            }

            return c;
        }

        Decide(c, state == CaseState.Rejected ? "Speak to the parent first; a letter would escalate this." : null);
        if (state is CaseState.ActionsInProgress or CaseState.Closed or CaseState.Approved)
        {
            c.Actions.Add(new ConcernAction
            {
                ResponseId = "cautionary-notice",
                Status = state == CaseState.Closed ? ActionStatus.Done : ActionStatus.Pending,
                Detail = "Letter emailed to the parent",
                CreatedAt = c.DecidedAt!.Value,
                CompletedAt = state == CaseState.Closed ? c.DecidedAt.Value.AddMinutes(2) : null,
                CompletedByUserId = state == CaseState.Closed ? SltId : null,
            });
        }

        return c;
    }

    static void Decide(Concern c, string? comment)
    {
        c.DecidedProposalVersion = 1;
        c.DecidedProposalSha256 = c.ProposalSha256;
        c.DecidedByUserId = HeadmistressId;
        c.DecidedByName = "Mrs Michelle Jenkin";
        c.DecidedByRole = StaffRole.Headmistress;
        c.DecidedAt = c.ProposedAt!.Value.AddHours(6);
        c.DecisionComment = comment;
    }

    static void Trail(AppDbContext db, Concern c)
    {
        var subject = AuditSubjects.Case(c.Id);
        var at = c.LoggedAt;
        void Step(string actor, string role, string action, CaseState from, CaseState to, TimeSpan after, string? reason = null)
        {
            at += after;
            db.AuditEntries.Add(new AuditEntry
            {
                At = at, ActorId = actor, ActorRole = role, Action = action, Subject = subject, FromState = from.ToString(), ToState = to.ToString(),
                Reason = reason, CardActivityId = "1:card-" + c.Id.ToString(CultureInfo.InvariantCulture),
                DetailsJson = action == nameof(CaseAction.Propose) ? $"{{\"proposalVersion\":1,\"proposalSha256\":\"{c.ProposalSha256}\"}}" : null,
            });
        }

        void View(string actor, string role, TimeSpan after)
        {
            at += after;
            AuditLog.Record(db, actor, role, AuditActions.Viewed, subject, at, "{\"surface\":\"card\"}");
        }

        AuditLog.Record(db, new AuditEvent(TeacherId, StaffRole.Staff, at, CaseState.Logged, CaseState.Logged, CaseAction.Log, null), c.Id);
        View(SltId, "Slt", TimeSpan.FromMinutes(5));
        if (c.State is CaseState.Logged)
        {
            return;
        }

        if (c.State == CaseState.Withdrawn)
        {
            Step(SltId, "Slt", nameof(CaseAction.Withdraw), CaseState.UnderReview, CaseState.Withdrawn, TimeSpan.FromHours(3), "Logged twice by mistake.");
            return;
        }

        Step(SltId, "Slt", nameof(CaseAction.StartReview), CaseState.Logged, CaseState.UnderReview, TimeSpan.FromHours(2));
        if (c.State == CaseState.UnderReview)
        {
            return;
        }

        Step(SltId, "Slt", nameof(CaseAction.Propose), CaseState.UnderReview, CaseState.Proposed, TimeSpan.FromHours(18), c.ProposalReason);
        View(HeadmistressId, "Headmistress", TimeSpan.FromHours(2));
        if (c.State == CaseState.Proposed)
        {
            return;
        }

        var decision = c.State switch
        {
            CaseState.Rejected => (nameof(CaseAction.Reject), CaseState.Rejected),
            CaseState.ChangesRequested => (nameof(CaseAction.RequestChanges), CaseState.ChangesRequested),
            _ => (nameof(CaseAction.Approve), CaseState.Approved),
        };
        Step(HeadmistressId, "Headmistress", decision.Item1, CaseState.Proposed, decision.Item2, TimeSpan.FromHours(4), c.DecisionComment);
        if (c.State is CaseState.Rejected or CaseState.ChangesRequested or CaseState.Approved)
        {
            return;
        }

        Step(HeadmistressId, "Headmistress", nameof(CaseAction.StartActions), CaseState.Approved, CaseState.ActionsInProgress, TimeSpan.FromMilliseconds(1));
        at += TimeSpan.FromMinutes(1);
        AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, AuditActions.LetterSent, subject, at, "{\"actionId\":1}");
        View(SltId, "Slt", TimeSpan.FromHours(1));
        if (c.State == CaseState.Closed)
        {
            at += TimeSpan.FromMinutes(30);
            AuditLog.Record(db, SltId, "Slt", AuditActions.ActionDone, subject, at, "{\"actionId\":1}");
            Step(SltId, "Slt", nameof(CaseAction.Close), CaseState.ActionsInProgress, CaseState.Closed, TimeSpan.FromMilliseconds(1));
        }
    }

    static string Quote(int i) =>
        $"[{19 + (i % 4)}:{10 + (i % 50):00}] Honestly Mrs Smith is useless and everyone knows it. My son came home in tears again today and nobody at that " +
        "school listens. Don't trust a word she says at parents' evening, she just covers for herself. If nothing changes by Friday I'm going " +
        "to the papers and I'll be telling everyone at the gate exactly what she's like. Share this with anyone who's had the same.";

    static string Letter(string parent) =>
        $"Dear {parent},\n\nCautionary notice: conduct in the class WhatsApp group\n\n" +
        "The school has been made aware of messages you posted in your child's class WhatsApp group, which made personal comments about a member " +
        "of staff. The school's policy on parents' WhatsApp groups asks every parent to treat members of our community with respect, and to raise " +
        "any concern about a member of staff directly with the school rather than in a group, where it cannot be answered fairly.\n\n" +
        "This letter is a cautionary notice. We ask that you do not post comments of this kind again, and that you remove the messages if you can. " +
        "If you have a concern about your child's education, please contact the school office to arrange a meeting with your child's teacher or " +
        "a member of the senior leadership team: we would welcome the chance to talk it through with you.\n\n" +
        "Should further messages of this kind be posted, the school may need to consider the further steps its policy sets out.\n\n" +
        "Yours sincerely,\n\nMrs Michelle Jenkin\nHeadmistress, St John's Priory School";

    /// <summary>A forwarded parent's email as Outlook writes it: headers, a text part and an HTML part (~9 KB).</summary>
    public static string Email(string from, string group, int n)
    {
        var text = new StringBuilder();
        text.Append("Dear Mrs Jenkin,\r\n\r\nI am writing because of messages posted last night in the ").Append(group)
            .Append(" class WhatsApp group. I have copied them below. I don't want to cause trouble but I think the school needs to know, ")
            .Append("because several parents were upset and one of the teachers was named.\r\n\r\n");
        for (var k = 0; k < 6; k++)
        {
            // A WhatsApp chat copied into the email, as the app's reader expects it ("[01/12/2026, 21:10:05] Name: text").
            text.Append(CultureInfo.InvariantCulture, $"[01/12/2026, 21:{10 + k:00}:05] Daniel Okafor: ").Append(Quote(n + k)[8..]).Append("\r\n");
        }

        text.Append("Thank you for looking into this.\r\n\r\nKind regards,\r\nA worried parent\r\n");
        var plain = text.ToString();
        var html = "<html><body><p>" + plain.Replace("\r\n\r\n", "</p><p>", StringComparison.Ordinal).Replace("\r\n", "<br>", StringComparison.Ordinal) + "</p></body></html>";
        return "From: " + from + " <worried.parent@example.org>\r\n" +
               "To: office@stjohnspriory.example\r\n" +
               "Subject: Messages in the " + group + " class WhatsApp group\r\n" +
               "Date: Tue, 1 Dec 2026 21:45:00 +0000\r\n" +
               "Message-ID: <bench-fetch-" + n.ToString(CultureInfo.InvariantCulture) + "@mail.example.org>\r\n" +
               "MIME-Version: 1.0\r\n" +
               "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n" +
               "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + plain + "\r\n" +
               "--b1\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + html + "\r\n" +
               "--b1--\r\n";
    }
}
