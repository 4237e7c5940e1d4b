using System.Diagnostics;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Graph;

public sealed class TeamsMessageReaderTests : IAsyncLifetime
{
    private const string Team = "2ab9c796-2902-45f8-b712-7c5a63cf41c4";
    private const string Channel = "19:e8ad3b3a4d6b4a0c9a1d2f3e4b5c6d7e@thread.tacv2";
    private const string ChatId = "19:b8577894a63548969c5c92bb9c80c5e1@thread.v2";
    private const string Sample = "01-staff-criticism-year4.eml";

    private static readonly DateTimeOffset Posted = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private FakeGraph fake = null!;
    private GraphTestHost host = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeGraph.StartAsync();
        host = GraphTestHost.For(fake.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await fake.DisposeAsync();
    }

    private static byte[] SampleBytes(string name = Sample) => File.ReadAllBytes(Path.Combine(TestPaths.SampleEmails, name));

    [Fact]
    public async Task AttachedEmlReferenceIsDownloadedThroughShares()
    {
        var file = fake.AddSampleEmail(fake.ChannelFolder(Team, Channel), Sample);
        fake.AddChannelMessage(Team, Channel, "1741944600000", "<p>Preview only…</p>", "Concern about Year 4", [FakeAttachment.ReferenceTo(file)], Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "1741944600000"), default);

        Assert.Equal(OriginalEmailStatus.Found, result.Status);
        Assert.Equal(SampleBytes(), result.Email!.Content);
        Assert.Equal(Sample, result.Email.FileName);
        Assert.Equal("the .eml file attached to the message", result.Email.Source);
        Assert.Equal("<p>Preview only…</p>", result.Message!.BodyHtml);
        Assert.Equal("Concern about Year 4", result.Message.Subject);
        Assert.Equal("8ea0e38b-efb3-4757-924a-5f94061cf8c2", result.Message.FromUserId);
        Assert.Equal(Posted, result.Message.CreatedDateTime);

        // The reference is only resolved (metadata), checked against the channel's own folder, then read from that drive.
        var shareId = GraphTeamsMessageReader.EncodeSharingUrl(file.WebUrl);
        Assert.Contains(fake.Requests, r => r.Path == $"/teams/{Team}/channels/{Channel}/messages/1741944600000");
        Assert.Contains(fake.Requests, r => r.Path == $"/shares/{shareId}/driveItem");
        Assert.DoesNotContain(fake.Requests, r => r.Path == $"/shares/{shareId}/driveItem/content");
        Assert.Contains(fake.Requests, r => r.Path == $"/teams/{Team}/channels/{Channel}/filesFolder");
        Assert.Contains(fake.Requests, r => r.Path == $"/drives/{FakeGraph.DriveId}/items/{file.Id}/content");
        Assert.Contains(fake.Requests, r => r.Path == $"/_download/{file.Id}");

        // Loopback gets the fixed fake token, never a real one.
        Assert.All(fake.Requests.Where(r => !r.Path.StartsWith("/_download/", StringComparison.Ordinal)),
            r => Assert.Equal("Bearer " + AppGraphClientFactory.LoopbackFakeToken, r.Authorization));
    }

    [Fact]
    public async Task FallsBackToTheEmailMessagesFolderAndPicksTheMatchingEmail()
    {
        var root = fake.ChannelFolder(Team, Channel);
        fake.AddFile(root, "Minutes.docx", [1, 2, 3]);
        var older = fake.AddFolder(root, "EmailMessages_2_2025");
        fake.AddSampleEmail(older, "05-not-a-concern-lost-kit.eml", Posted.AddDays(-20), "Lost PE kit.eml");
        var march = fake.AddFolder(root, "EmailMessages_3_2025");
        fake.AddSampleEmail(march, "03-threatening-language-year6.eml", Posted.AddMinutes(-1), "Year 6 trip.eml");
        var wanted = fake.AddSampleEmail(march, Sample, Posted.AddSeconds(20), "Concern about Year 4.eml");
        fake.AddChannelMessage(Team, Channel, "m2", "<p>Preview</p>", "Fwd: Concern about Year 4", created: Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "m2"), default);

        Assert.Equal(OriginalEmailStatus.Found, result.Status);
        Assert.Equal(SampleBytes(), result.Email!.Content);
        Assert.Equal("Concern about Year 4.eml", result.Email.FileName);
        Assert.Equal("the original email saved in the channel's files", result.Email.Source);
        Assert.Contains(fake.Requests, r => r.Path == $"/drives/{FakeGraph.DriveId}/items/{wanted.Id}/content");
        Assert.True(fake.CountRequests("/children") <= 3, "root listing plus at most two EmailMessages folders");
    }

    [Fact]
    public async Task TimeOnlyMatchWithARivalIsNotGuessed()
    {
        var march = fake.AddFolder(fake.ChannelFolder(Team, Channel), "EmailMessages_3_2025");
        fake.AddSampleEmail(march, Sample, Posted.AddSeconds(10), "a.eml");
        fake.AddSampleEmail(march, "02-forwarded-private-message-reception.eml", Posted.AddSeconds(-10), "b.eml");
        fake.AddChannelMessage(Team, Channel, "m3", "<p>Hello</p>", subject: null, created: Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "m3"), default);

        Assert.Equal(OriginalEmailStatus.MessageOnly, result.Status);
        Assert.Null(result.Email);
        Assert.DoesNotContain(fake.Requests, r => r.Path.EndsWith("/content", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoFileAnywhereGivesMessageOnlyWithTheHtml()
    {
        fake.ChannelFolder(Team, Channel);
        fake.AddChannelMessage(Team, Channel, "m4", "<div>Full <b>text</b> of the email</div>", "Lost kit", created: Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "m4"), default);

        Assert.Equal(OriginalEmailStatus.MessageOnly, result.Status);
        Assert.Equal("<div>Full <b>text</b> of the email</div>", result.Message!.BodyHtml);
        Assert.Equal("html", result.Message.BodyContentType);
        Assert.Null(result.Email);
        Assert.NotNull(result.Problem);
    }

    [Fact]
    public async Task FilesPermissionMissingStillReturnsTheMessage()
    {
        fake.AddChannelMessage(Team, Channel, "m5", "<p>x</p>", "s", created: Posted);
        fake.Fail("/filesFolder", 403);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "m5"), default);

        Assert.Equal(OriginalEmailStatus.MessageOnly, result.Status);
        Assert.Equal("<p>x</p>", result.Message!.BodyHtml);
        Assert.Contains("permission to read the channel's files", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatMessageWithAttachedEml()
    {
        // Teams keeps a file attached in a chat in the sender's OneDrive, in "Microsoft Teams Chat Files".
        var file = fake.AddSampleEmail(fake.ChatFiles(FakeGraph.SenderId), "06-forward-as-attachment-year1.eml");
        fake.AddChatMessage(ChatId, "1700000000001", "<p>see attached</p>", [FakeAttachment.ReferenceTo(file)], Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Chat(ChatId, "1700000000001"), default);

        Assert.Equal(OriginalEmailStatus.Found, result.Status);
        Assert.Equal(SampleBytes("06-forward-as-attachment-year1.eml"), result.Email!.Content);
        Assert.Contains(fake.Requests, r => r.Path == $"/chats/{ChatId}/messages/1700000000001");
    }

    /// <summary>Issue 11: a reference is a URL anyone can write; in a channel only a file in the channel's own files is read.</summary>
    [Fact]
    public async Task A_channel_attachment_that_is_not_in_the_channels_own_files_is_refused_and_never_downloaded()
    {
        var otherChannel = fake.AddSampleEmail(fake.ChannelFolder(Team, "19:headteacher-private@thread.tacv2", "Headteacher private"), Sample);
        var someonesOneDrive = fake.AddSampleEmail(fake.ChatFiles("3c2d1e0f-0000-0000-0000-00000000beef"), "04-commercial-links-nursery.eml");
        fake.ChannelFolder(Team, Channel);
        fake.AddChannelMessage(Team, Channel, "crafted", "<p>Look at this</p>", "Year 4", [FakeAttachment.ReferenceTo(otherChannel), FakeAttachment.ReferenceTo(someonesOneDrive)], Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "crafted"), default);

        Assert.Equal(OriginalEmailStatus.MessageOnly, result.Status);
        Assert.Null(result.Email);
        Assert.Equal(GraphTeamsMessageReader.ChannelRefusal, result.Problem);
        Assert.Equal("<p>Look at this</p>", result.Message!.BodyHtml);
        Assert.DoesNotContain(fake.Requests, r => r.Path.StartsWith("/_download/", StringComparison.Ordinal) || r.Path.EndsWith("/content", StringComparison.Ordinal));
    }

    /// <summary>In a chat only a file its sender attached there (their own OneDrive's chat files) is read.</summary>
    [Fact]
    public async Task A_chat_attachment_that_its_sender_did_not_attach_is_refused_and_never_downloaded()
    {
        var teamSite = fake.AddSampleEmail(fake.ChannelFolder(Team, Channel), Sample);
        var otherPerson = fake.AddSampleEmail(fake.ChatFiles("3c2d1e0f-0000-0000-0000-00000000beef"), "04-commercial-links-nursery.eml");
        var sendersOtherFolder = fake.AddSampleEmail(fake.AddFolder(fake.ChatFiles(FakeGraph.SenderId), "Private"), "06-forward-as-attachment-year1.eml");
        fake.AddChatMessage(ChatId, "crafted", "<p>see attached</p>", [FakeAttachment.ReferenceTo(teamSite), FakeAttachment.ReferenceTo(otherPerson), FakeAttachment.ReferenceTo(sendersOtherFolder)], Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Chat(ChatId, "crafted"), default);

        Assert.Equal(OriginalEmailStatus.MessageOnly, result.Status);
        Assert.Null(result.Email);
        Assert.Equal(GraphTeamsMessageReader.ChatRefusal, result.Problem);
        Assert.DoesNotContain(fake.Requests, r => r.Path.StartsWith("/_download/", StringComparison.Ordinal) || r.Path.EndsWith("/content", StringComparison.Ordinal));
        Assert.DoesNotContain(fake.Requests, r => r.Path.EndsWith("/filesFolder", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChatMessageWithoutFileDoesNotLookInChannelFiles()
    {
        fake.AddChatMessage(ChatId, "c2", "<p>text</p>", created: Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Chat(ChatId, "c2"), default);

        Assert.Equal(OriginalEmailStatus.MessageOnly, result.Status);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task ReplyInAThreadIsReadUnderItsRoot()
    {
        var file = fake.AddSampleEmail(fake.ChannelFolder(Team, Channel), "04-commercial-links-nursery.eml");
        fake.AddChannelReply(Team, Channel, "root1", "reply1", "<p>reply</p>", [FakeAttachment.ReferenceTo(file)], Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "reply1", "root1"), default);

        Assert.Equal(OriginalEmailStatus.Found, result.Status);
        Assert.Equal("<p>reply</p>", result.Message!.BodyHtml);
        Assert.Equal($"/teams/{Team}/channels/{Channel}/messages/root1/replies/reply1", fake.Requests[0].Path);
    }

    [Fact]
    public async Task RootIdEqualToMessageIdReadsThePostItself()
    {
        fake.AddChannelMessage(Team, Channel, "same", "<p>p</p>", created: Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "same", "same"), default);

        Assert.Equal(OriginalEmailStatus.MessageOnly, result.Status);
        Assert.Equal($"/teams/{Team}/channels/{Channel}/messages/same", fake.Requests[0].Path);
    }

    [Fact]
    public async Task DeletedMessageIsReportedWithoutFetchingFiles()
    {
        var file = fake.AddSampleEmail(fake.ChannelFolder(Team, Channel), Sample);
        fake.AddChannelMessage(Team, Channel, "gone", "<p>x</p>", attachments: [FakeAttachment.ReferenceTo(file)], created: Posted, deleted: true);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "gone"), default);

        Assert.Equal(OriginalEmailStatus.Deleted, result.Status);
        Assert.Null(result.Email);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task UnknownMessageIsNotFound()
    {
        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "nope"), default);

        Assert.Equal(OriginalEmailStatus.NotFound, result.Status);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task ForbiddenIsNotAvailableWithPermissionWording()
    {
        fake.AddChannelMessage(Team, Channel, "m403", "<p>x</p>");
        fake.Fail("/messages/m403", 403);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "m403"), default);

        Assert.Equal(OriginalEmailStatus.NotAvailable, result.Status);
        Assert.Contains("hasn't been given permission to read this channel", result.Problem, StringComparison.Ordinal);
        Assert.Null(result.Message);
    }

    [Fact]
    public async Task ServerErrorIsFailedQuicklyWithoutRetries()
    {
        fake.AddChannelMessage(Team, Channel, "m500", "<p>x</p>");
        fake.Fail("/messages/m500", 500);
        var clock = Stopwatch.StartNew();

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "m500"), default);

        Assert.Equal(OriginalEmailStatus.Failed, result.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task ServiceUnavailableIsRetriedAtMostOnce()
    {
        fake.AddChannelMessage(Team, Channel, "m503", "<p>x</p>");
        fake.Fail("/messages/m503", 503);
        var clock = Stopwatch.StartNew();

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "m503"), default);

        Assert.Equal(OriginalEmailStatus.Failed, result.Status);
        Assert.InRange(fake.CountRequests("/messages/m503"), 1, 2);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task SlowGraphIsAbandonedWhenTheCallersBudgetRunsOut()
    {
        fake.AddChannelMessage(Team, Channel, "slow", "<p>x</p>");
        fake.Delay = TimeSpan.FromSeconds(5);
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var clock = Stopwatch.StartNew();

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "slow"), budget.Token);

        Assert.Equal(OriginalEmailStatus.Failed, result.Status);
        Assert.Contains("in time", result.Problem, StringComparison.Ordinal);
        // Abandoned at the 1.5 s budget, not after Graph's 5 s answer: the upper bound only has to tell those apart
        // (2.5 s failed once at 2.52 s while the suite was starting on a 2-core machine).
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.2), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task ConfiguredTimeoutAppliesWithoutACallerToken()
    {
        using var quick = GraphTestHost.For(fake.BaseUrl, timeout: TimeSpan.FromMilliseconds(800));
        fake.AddChannelMessage(Team, Channel, "slow2", "<p>x</p>");
        fake.Delay = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();

        var result = await quick.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "slow2"), default);

        Assert.Equal(OriginalEmailStatus.Failed, result.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task OversizedFileByMetadataIsTooLargeAndNeverDownloaded()
    {
        var big = fake.AddGeneratedFile(fake.ChannelFolder(Team, Channel), "huge.eml", length: 30L * 1024 * 1024, reportedSize: 30L * 1024 * 1024);
        fake.AddChannelMessage(Team, Channel, "big", "<p>preview</p>", attachments: [FakeAttachment.ReferenceTo(big)], created: Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "big"), default);

        Assert.Equal(OriginalEmailStatus.TooLarge, result.Status);
        Assert.Equal("huge.eml", result.SkippedFileName);
        Assert.Equal("<p>preview</p>", result.Message!.BodyHtml);
        Assert.DoesNotContain(fake.Requests, r => r.Path.StartsWith("/_download/", StringComparison.Ordinal));
        Assert.Equal(0, fake.BytesServed);
    }

    [Fact]
    public async Task OversizedFileWithoutSizeIsCutOffAtTheCap()
    {
        var big = fake.AddGeneratedFile(fake.ChannelFolder(Team, Channel), "nosize.eml", length: 40L * 1024 * 1024, reportedSize: null);
        fake.AddChannelMessage(Team, Channel, "big2", "<p>preview</p>", attachments: [FakeAttachment.ReferenceTo(big)], created: Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "big2"), default);

        // The metadata gave no size, so the download started and the cap had to stop it.
        Assert.Equal(OriginalEmailStatus.TooLarge, result.Status);
        Assert.Null(result.Email);
        Assert.Contains(fake.Requests, r => r.Path == $"/_download/{big.Id}");
    }

    [Fact]
    public async Task CappedReadStopsJustPastTheCap()
    {
        // Server-side byte counts are unreliable (Kestrel discards writes after a disconnect), so prove the
        // "never read it all" property on the reader's own loop with an endless stream.
        await using var endless = new EndlessStream();

        var bytes = await GraphTeamsMessageReader.ReadCappedAsync(endless, 1_000_000, default);

        Assert.Null(bytes);
        Assert.InRange(endless.BytesRead, 1_000_001, 1_000_000 + 81_920);
    }

    [Fact]
    public async Task CappedReadReturnsEverythingUnderTheCap()
    {
        var data = SampleBytes();
        await using var stream = new MemoryStream(data);

        Assert.Equal(data, await GraphTeamsMessageReader.ReadCappedAsync(stream, data.Length, default));
    }

    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'x', offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task OutlookMsgAttachmentIsReportedAsUnsupported()
    {
        var msg = fake.AddFile(fake.ChannelFolder(Team, Channel), "Complaint.msg", [0xD0, 0xCF, 0x11, 0xE0]);
        fake.AddChannelMessage(Team, Channel, "msg", "<p>see msg</p>", attachments: [FakeAttachment.ReferenceTo(msg)], created: Posted);

        var result = await host.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "msg"), default);

        Assert.Equal(OriginalEmailStatus.UnsupportedFormat, result.Status);
        Assert.Equal("Complaint.msg", result.SkippedFileName);
        Assert.Contains(".msg", result.Problem, StringComparison.Ordinal);
        Assert.Equal("<p>see msg</p>", result.Message!.BodyHtml);
    }

    [Fact]
    public async Task NotConfiguredIsNotAvailableImmediatelyWithNoRequests()
    {
        using var unconfigured = new GraphTestHost(new Dictionary<string, string?>());
        var clock = Stopwatch.StartNew();

        var result = await unconfigured.Reader.ReadOriginalEmailAsync(TeamsMessageLocation.Channel(Team, Channel, "m"), default);

        Assert.Equal(OriginalEmailStatus.NotAvailable, result.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"took {clock.Elapsed}");
        Assert.Null(unconfigured.Get<GraphClientHolder>().Client);
        Assert.Empty(fake.Requests);
    }
}
