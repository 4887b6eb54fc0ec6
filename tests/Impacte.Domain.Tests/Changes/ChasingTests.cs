using Impacte.Domain.Changes;
using Impacte.Domain.Email;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Domain.Tests.Changes;

/// <summary>
/// Which chase step is due when, worked by hand. Europe/London in 2026: BST from Sun 29 March (01:00 UTC) to Sun 25
/// October (01:00 UTC). America/New_York: EDT until Sun 1 November 2026.
/// </summary>
public sealed class ChasingTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void StepsGoOutAtNineLocalSoTheWeekBeforeIsInSummerTimeAndTheDayItselfInWinterTime()
    {
        var due = new DateOnly(2026, 10, 30); // a Friday; the clocks go back on Sunday 25 October
        Assert.Equal(Utc("2026-10-23T08:00:00"), Chasing.FirstSendAt(due, ChaseStep.Ahead, London)); // 09:00 BST
        Assert.Equal(Utc("2026-10-30T09:00:00"), Chasing.FirstSendAt(due, ChaseStep.OnTheDay, London)); // 09:00 GMT
        Assert.Equal(Utc("2026-11-06T09:00:00"), Chasing.FirstSendAt(due, ChaseStep.Overdue, London));
        Assert.Equal(Utc("2026-11-13T09:00:00"), Chasing.FirstSendAt(due, ChaseStep.Escalation, London));
    }

    [Fact]
    public void WhenTheClocksGoForwardTheDayItselfOpensAnHourEarlierInUtc()
    {
        var due = new DateOnly(2026, 3, 31); // a Tuesday; BST from Sunday 29 March
        Assert.Equal(Utc("2026-03-24T09:00:00"), Chasing.FirstSendAt(due, ChaseStep.Ahead, London)); // 09:00 GMT
        Assert.Equal(Utc("2026-03-31T08:00:00"), Chasing.FirstSendAt(due, ChaseStep.OnTheDay, London)); // 09:00 BST
        Assert.Equal(ChaseStep.OnTheDay, Chasing.StepAt(due, Utc("2026-03-31T08:00:00"), London));
        Assert.Null(Chasing.StepAt(due, Utc("2026-03-31T07:59:59"), London)); // 08:59 BST: not yet
    }

    [Theory]
    [InlineData("2026-10-23T07:59:59", null)]        // 08:59 BST on the Friday a week before: not open yet
    [InlineData("2026-10-23T08:00:00", "Ahead")]     // 09:00 BST
    [InlineData("2026-10-23T15:59:59", "Ahead")]     // 16:59 BST
    [InlineData("2026-10-23T16:00:00", null)]        // 17:00 BST: closed
    [InlineData("2026-10-24T10:00:00", null)]        // Saturday
    [InlineData("2026-10-26T09:00:00", "Ahead")]     // Monday after the clocks went back: 09:00 GMT
    [InlineData("2026-10-30T08:30:00", null)]        // 08:30 GMT on the day (09:30 if BST were still assumed)
    [InlineData("2026-10-30T09:00:00", "OnTheDay")]
    [InlineData("2026-11-05T16:59:00", "OnTheDay")]  // the day before the overdue step
    [InlineData("2026-11-06T09:00:00", "Overdue")]
    [InlineData("2026-11-13T09:00:00", "Escalation")]
    [InlineData("2027-02-01T10:00:00", "Escalation")] // long overdue: the escalation stays the latest step (sent once by its key)
    public void TheLatestStepReachedIsDueInWorkingHoursOnly(string utc, string? expected)
    {
        var step = Chasing.StepAt(new DateOnly(2026, 10, 30), Utc(utc), London);
        Assert.Equal(expected, step?.ToString());
    }

    [Fact]
    public void AStepFallingOnAWeekendGoesOutOnMondayMorning()
    {
        var due = new DateOnly(2026, 12, 5); // a Saturday
        Assert.Equal(Utc("2026-11-30T09:00:00"), Chasing.FirstSendAt(due, ChaseStep.Ahead, London)); // Sat 28 Nov -> Mon 30 Nov
        Assert.Equal(Utc("2026-12-07T09:00:00"), Chasing.FirstSendAt(due, ChaseStep.OnTheDay, London));
        Assert.Null(Chasing.StepAt(due, Utc("2026-12-05T12:00:00"), London));
        Assert.Equal(ChaseStep.OnTheDay, Chasing.StepAt(due, Utc("2026-12-07T09:00:00"), London));
    }

    [Fact]
    public void OutsideWorkingHoursAStepIsDueOnlyWhereAnyHourIsAllowed()
    {
        var due = new DateOnly(2026, 12, 5); // a Saturday: the day's step, at noon
        Assert.Null(Chasing.StepAt(due, Utc("2026-12-05T12:00:00"), London));
        Assert.Equal(ChaseStep.OnTheDay, Chasing.StepAt(due, Utc("2026-12-05T12:00:00"), London, anyHour: true));
        Assert.Null(Chasing.StepAt(due, Utc("2026-11-27T12:00:00"), London, anyHour: true)); // before the week-ahead step
    }

    [Fact]
    public void AnItemFoundLateGetsOnlyTheLatestStepNotAStaleWeekAhead()
    {
        var due = new DateOnly(2026, 12, 2); // Wednesday
        Assert.Equal(ChaseStep.Ahead, Chasing.StepAt(due, Utc("2026-11-30T10:00:00"), London)); // two days ahead
        Assert.Equal(ChaseStep.Overdue, Chasing.StepAt(due, Utc("2026-12-10T10:00:00"), London));
        Assert.Null(Chasing.StepAt(due, Utc("2026-11-24T10:00:00"), London)); // eight days ahead: nothing yet
    }

    [Fact]
    public void TheMembersZoneDecidesNotUtc()
    {
        var due = new DateOnly(2026, 11, 2); // Monday; New York leaves EDT on Sunday 1 November
        Assert.Equal(Utc("2026-10-26T13:00:00"), Chasing.FirstSendAt(due, ChaseStep.Ahead, NewYork)); // 09:00 EDT
        Assert.Equal(Utc("2026-11-02T14:00:00"), Chasing.FirstSendAt(due, ChaseStep.OnTheDay, NewYork)); // 09:00 EST
        Assert.Null(Chasing.StepAt(due, Utc("2026-11-02T13:30:00"), NewYork)); // 08:30 EST
        Assert.Equal(ChaseStep.OnTheDay, Chasing.StepAt(due, Utc("2026-11-02T13:30:00"), London)); // 13:30 GMT in London
    }

    [Fact]
    public void KeysNameChangeMeasureDueDateStepAndForEscalationsTheLead()
    {
        var change = Guid.Parse("0193a7e0-0000-7000-8000-000000000001");
        var measure = Guid.Parse("0193a7e0-0000-7000-8000-000000000002");
        var lead = Guid.Parse("0193a7e0-0000-7000-8000-000000000003");
        var due = new DateOnly(2026, 10, 30);
        Assert.Equal($"chase:{change}:change:2026-10-30:ahead", Chasing.Key(change, null, due, ChaseStep.Ahead));
        Assert.Equal($"chase:{change}:{measure}:2026-10-30:overdue", Chasing.Key(change, measure, due, ChaseStep.Overdue));
        Assert.Equal($"chase:{change}:change:2026-10-30:escalation:{lead}", Chasing.Key(change, null, due, ChaseStep.Escalation, lead));
        Assert.NotEqual(Chasing.Key(change, null, due, ChaseStep.OnTheDay), Chasing.Key(change, null, due.AddDays(7), ChaseStep.OnTheDay));
    }

    [Fact]
    public void ASignedLinkHoldsOnlyForItsPathAndPerson()
    {
        var key = new byte[32];
        key[0] = 7;
        var user = Guid.NewGuid();
        var sig = ChaseLinks.Signature(key, "/changes/abc", user);
        Assert.True(ChaseLinks.IsValid(key, "/changes/abc", user, sig));
        Assert.False(ChaseLinks.IsValid(key, "/changes/abd", user, sig));
        Assert.False(ChaseLinks.IsValid(key, "/changes/abc", Guid.NewGuid(), sig));
        Assert.False(ChaseLinks.IsValid(new byte[32], "/changes/abc", user, sig));
        Assert.False(ChaseLinks.IsValid(key, "/changes/abc", user, null));
        Assert.DoesNotContain('+', sig + ChaseLinks.Signed(key, "/changes/abc", user).Split("sig=")[1]);
    }

    [Fact]
    public void TheChaserSaysWhenInWordsAndKeepsUserTextInert()
    {
        var clock = new FakeTimeProvider(Utc("2026-10-23T08:00:00"));
        var emails = new ChaseEmails(new EmailOptions { PublicBaseUrl = "https://impacte.example/" }, clock);
        var owner = new ChasePerson(Guid.NewGuid(), "owner@example.org", "Dr <b>Owner</b>");
        var lead = new ChasePerson(Guid.NewGuid(), "lead@example.org", "Dr Lead");
        var item = new ChaseItem(Guid.NewGuid(), "Stop *aspirin* <script>alert(1)</script>", "Willen Park", "Europe/London",
            new DateOnly(2026, 10, 30), new byte[32], owner, [lead]);

        var reminder = Assert.Single(emails.Compose(item, ChaseStep.Ahead));
        Assert.Equal("Due in 7 days: Stop *aspirin* <script>alert(1)</script>", reminder.Subject);
        Assert.Equal(item.Key(ChaseStep.Ahead), reminder.IdempotencyKey);
        Assert.DoesNotContain("<script>", reminder.HtmlBody);
        Assert.DoesNotContain("<b>Owner", reminder.HtmlBody);
        Assert.Contains("Friday 30 October 2026 (in 7 days)", reminder.TextBody);
        var link = $"https://impacte.example/changes/{item.ChangeId}?for={owner.UserId}&sig={ChaseLinks.Signature(item.LinkKey, $"/changes/{item.ChangeId}", owner.UserId)}";
        Assert.Contains(link, reminder.TextBody);
        Assert.Contains(link.Replace("&", "&amp;"), reminder.HtmlBody);

        var escalation = Assert.Single(emails.Compose(item, ChaseStep.Escalation));
        Assert.Equal(("lead@example.org", "chase-escalation"), (escalation.ToAddress, escalation.Kind));
        Assert.Equal(item.Key(ChaseStep.Escalation, lead.UserId), escalation.IdempotencyKey);

        var measure = item with { MeasureId = Guid.NewGuid(), MeasureName = "AF patients anticoagulated", Period = "2026-10" };
        var form = Assert.Single(emails.Compose(measure, ChaseStep.OnTheDay));
        Assert.Contains($"https://impacte.example/measures/{measure.MeasureId}/points/2026-10?for={owner.UserId}&sig=", form.TextBody);
        Assert.StartsWith("Due in 7 days: AF patients anticoagulated, 2026-10 figures", form.Subject);
    }

    [Fact]
    public void AClubNameWithItsTownInBracketsReadsWithoutDoubleBrackets()
    {
        var emails = new ChaseEmails(new EmailOptions { PublicBaseUrl = "https://impacte.example/" }, new FakeTimeProvider(Utc("2026-10-23T08:00:00")));
        var owner = new ChasePerson(Guid.NewGuid(), "owner@example.org", "Dr Owner");
        var item = new ChaseItem(Guid.NewGuid(), "Review gabapentinoids with opioids", "Willen Park Medical Centre (Milton Keynes)",
            "Europe/London", new DateOnly(2026, 10, 30), new byte[32], owner, [owner]);

        foreach (var email in emails.Compose(item, ChaseStep.Ahead).Concat(emails.Compose(item with { MeasureId = Guid.NewGuid(), MeasureName = "Reviewed", Period = "2026-10" }, ChaseStep.Overdue)))
        {
            Assert.DoesNotContain("))", email.TextBody);
            Assert.Contains("at Willen Park Medical Centre (Milton Keynes)", email.TextBody);
        }
    }
}
