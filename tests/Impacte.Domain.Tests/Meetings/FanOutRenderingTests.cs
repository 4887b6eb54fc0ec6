using Impacte.Domain.Email;
using Impacte.Domain.Markdown;
using Impacte.Domain.Meetings;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Domain.Tests.Meetings;

/// <summary>
/// A fan-out renders what all members share once (the agenda's Markdown, the invite up to its attendees) and each
/// member's own parts per member. What any member receives must be exactly what composing their email alone gives.
/// </summary>
public sealed class FanOutRenderingTests
{
    private static readonly EmailOptions Options = new() { PublicBaseUrl = "https://impacte.example" };

    // Names that are Markdown, HTML, Unicode or line breaks if not escaped: the greeting is rendered on its own.
    private static readonly string[] NameList =
    [
        "Dr A", "Dr *Bold* _it_ [link](javascript:alert(1)) <b>x</b>", "1. Dr List", "# Dr Hash", "- Dr Dash", "Dr `tick` \\ back",
        "Dr Ünïcödé 🙂 日本", "    Dr Indented", "Dr A\nB\r\nC", "---", "Dr & Co <script>alert(1)</script>", "[x]: https://evil.example",
    ];

    public static readonly TheoryData<string> Names = new(NameList);

    [Theory]
    [MemberData(nameof(Names))]
    public void AGreetingRendersTheSameAloneAsAtTheHeadOfItsEmail(string name)
    {
        var greeting = $"Dear {MeetingEmails.Escape(name)},\n\n";
        const string rest = "Here is the reading pack.\n\n## Agenda\n\n### 1\\. SGLT2 inhibitors\n\n**PICO:** adults\n\n- *a* list\n- [x]\n\n[Open the meeting page](https://impacte.example/meetings/1)\n\n";

        Assert.Equal(SafeMarkdown.ToHtml(greeting + rest), SafeMarkdown.ToHtml(greeting) + SafeMarkdown.ToHtml(rest));
    }

    [Fact]
    public void EveryMembersEmailInAFanOutIsTheOneComposedForThemAlone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 15, 30, 250, TimeSpan.Zero));
        var start = new DateTimeOffset(2026, 12, 4, 13, 0, 0, TimeSpan.Zero);
        var meeting = new Meeting { ClubId = Guid.NewGuid(), StartsAt = start, EndsAt = start.AddHours(1), Location = "Willen Park library" };
        var brief = new MeetingBrief(meeting, "Willen Park", "Europe/London",
        [
            new MeetingBrief.Item(Guid.NewGuid(), new AgendaQuestion(Guid.NewGuid(), "SGLT2 inhibitors in heart failure", "In adults…", "Offer it.",
                "We **discussed** the [trial](https://doi.org/10.1056/NEJMoa1911303).\n\n- one\n- two",
                [new AgendaPaper("McMurray JJV. Dapagliflozin in heart failure. NEJM 2019.", "https://doi.org/10.1056/NEJMoa1911303")], Guid.NewGuid()), ["Dr Okafor"]),
            new MeetingBrief.Item(Guid.NewGuid(), null, []),
        ]);
        // A line break cannot be in a recipient's name (it would be a header's).
        var members = NameList.Where(n => !n.Contains('\n')).Select((n, i) => new MeetingRecipient(Guid.NewGuid(), $"member{i}@example.org", n,
            i % 3 == 0 ? RsvpResponse.Yes : null, i % 3 == 0 ? start : null)).ToList();

        var moved = new Meeting { ClubId = meeting.ClubId, StartsAt = start, EndsAt = start.AddHours(1), Location = "Willen Park library" };
        moved.Changed();
        moved.StartsAt = start.AddDays(1);
        moved.EndsAt = start.AddDays(1).AddHours(1);
        var movedBrief = brief with { Meeting = moved };

        var fanOut = new MeetingEmails(Options, clock);
        foreach (var (kind, compose, b) in new (string, Func<MeetingEmails, MeetingBrief, MeetingRecipient, OutboxEmail>, MeetingBrief)[]
                 {
                     ("reading-pack", (e, x, to) => e.ReadingPack(x, to), brief), ("reminder", (e, x, to) => e.Reminder(x, to), brief),
                     ("update", (e, x, to) => e.Update(x, to), movedBrief), ("cancel", (e, x, to) => e.Cancellation(x, to), movedBrief),
                 })
        {
            foreach (var to in members)
            {
                var shared = compose(fanOut, b, to);
                var alone = compose(new MeetingEmails(Options, clock), b, to);
                Assert.Equal(alone.Subject, shared.Subject);
                Assert.Equal(alone.TextBody, shared.TextBody);
                Assert.Equal(alone.HtmlBody, shared.HtmlBody);
                Assert.Equal(alone.Attachments.Single().Content, shared.Attachments.Single().Content);
                Assert.Contains($"mailto:{to.Email}", shared.Attachments.Single().Content.Replace("\r\n ", "")); // unfolded
                Assert.DoesNotContain("<script>", shared.HtmlBody);
            }
            clock.Advance(TimeSpan.FromMilliseconds(400));
        }
    }
}
