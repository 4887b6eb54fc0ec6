using System.Globalization;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;

namespace Impacte.Domain.Meetings;

public enum InviteMethod
{
    /// <summary>Add or update the meeting in the calendar.</summary>
    Request,
    /// <summary>Remove the meeting from the calendar.</summary>
    Cancel,
}

/// <summary>
/// A person in an invite: shown by name, reached by email; <paramref name="Answer"/> is their RSVP in IMPACTE (for the
/// meeting's current time), written as the attendee's PARTSTAT so a resent invite keeps what they said.
/// </summary>
public sealed record CalendarPerson(string Name, string Email, RsvpResponse? Answer = null)
{
    /// <summary>RFC 5545 PARTSTAT for <see cref="Answer"/>: yes ACCEPTED, maybe TENTATIVE, no DECLINED, none NEEDS-ACTION.</summary>
    public string PartStat => Answer switch
    {
        RsvpResponse.Yes => "ACCEPTED",
        RsvpResponse.Maybe => "TENTATIVE",
        RsvpResponse.No => "DECLINED",
        _ => "NEEDS-ACTION",
    };
}

/// <summary>
/// The iCalendar (RFC 5545) invitation for one meeting, sent as an iTIP (RFC 5546) REQUEST or CANCEL.
/// Every invite for a meeting shares its UID, so a calendar updates or removes the entry it already has;
/// raise <see cref="Sequence"/> with every change, cancellation included, or clients ignore the newer copy.
/// </summary>
public sealed record CalendarInvite
{
    public const string ProductId = "-//IMPACTE//Journal club meetings//EN";

    public required Guid MeetingId { get; init; }
    public required InviteMethod Method { get; init; }
    /// <summary>SEQUENCE: 0 for the first invite, one more for each revision.</summary>
    public required int Sequence { get; init; }
    /// <summary>DTSTAMP: when this invite was composed.</summary>
    public required DateTimeOffset Stamp { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    /// <summary>The club's IANA time zone; the times are written in it, so the calendar shows the club's wall clock.</summary>
    public string TimeZone { get; init; } = Club.DefaultTimeZone;
    public required string Summary { get; init; }
    public string? Location { get; init; }
    /// <summary>The online meeting's link: written as URL and, because many clients hide URL, at the end of the description too.</summary>
    public Uri? OnlineLink { get; init; }
    public string? Description { get; init; }
    public required CalendarPerson Organizer { get; init; }
    /// <summary>The recipients. iTIP wants at least one; RSVP is FALSE because replies belong in IMPACTE, not in the organiser's inbox.</summary>
    public IReadOnlyList<CalendarPerson> Attendees { get; init; } = [];

    public string Uid => $"meeting-{MeetingId}@impacte";

    /// <summary>The MIME type for the text/calendar part or attachment.</summary>
    public string ContentType => $"text/calendar; method={MethodName}; charset=utf-8";

    private string MethodName => Method == InviteMethod.Cancel ? "CANCEL" : "REQUEST";

    /// <summary>The invite as iCalendar text: UTF-8 ready, CRLF line endings, lines folded at 75 octets.</summary>
    /// <exception cref="ArgumentException">A field the invite cannot be written with (these come from stored data, not from a form).</exception>
    public string ToIcs() => HeadIcs() + AttendeesIcs();

    /// <summary>
    /// The invite up to its attendees (calendar, time zone, event, organiser): the same for every member a fan-out
    /// writes to, so it can be written once per meeting and joined with each member's <see cref="AttendeesIcs"/>.
    /// </summary>
    public string HeadIcs()
    {
        if (Sequence < 0) throw new ArgumentException("SEQUENCE cannot be negative.", nameof(Sequence));
        if (End <= Start) throw new ArgumentException("A meeting must end after it starts.", nameof(End));
        if (string.IsNullOrWhiteSpace(Summary)) throw new ArgumentException("A meeting needs a summary.", nameof(Summary));
        if (OnlineLink is not null && !IsWebLink(OnlineLink))
            throw new ArgumentException("The online link must be an absolute http or https address.", nameof(OnlineLink));
        var zone = MeetingTime.FindZone(TimeZone);

        var ics = new IcsWriter()
            .Raw("BEGIN", "VCALENDAR")
            .Raw("PRODID", ProductId)
            .Raw("VERSION", "2.0")
            .Raw("CALSCALE", "GREGORIAN")
            .Raw("METHOD", MethodName);
        VTimeZone.Write(ics, zone, Start);
        ics.Raw("BEGIN", "VEVENT")
            .Text("UID", Uid)
            .Raw("SEQUENCE", Sequence.ToString(CultureInfo.InvariantCulture))
            .Raw("DTSTAMP", IcsWriter.Utc(Stamp));
        WriteTime(ics, "DTSTART", Start, zone);
        WriteTime(ics, "DTEND", End, zone);
        ics.Text("SUMMARY", Summary.Trim());
        if (!string.IsNullOrWhiteSpace(Location)) ics.Text("LOCATION", Location.Trim());
        if (OnlineLink is not null) ics.Raw("URL", OnlineLink.AbsoluteUri);
        var description = string.Join("\n\n", new[] { Description?.Trim(), OnlineLink is null ? null : $"Join online: {OnlineLink.AbsoluteUri}" }
            .Where(part => !string.IsNullOrEmpty(part)));
        if (description.Length > 0) ics.Text("DESCRIPTION", description);
        ics.Raw($"ORGANIZER;CN={IcsWriter.Quoted(Organizer.Name)}", MailTo(Organizer));
        return ics.ToString();
    }

    /// <summary>The rest of the invite after <see cref="HeadIcs"/>: the attendees and the event's end.</summary>
    public string AttendeesIcs()
    {
        var ics = new IcsWriter();
        foreach (var attendee in Attendees)
            ics.Raw($"ATTENDEE;CN={IcsWriter.Quoted(attendee.Name)};ROLE=REQ-PARTICIPANT;PARTSTAT={attendee.PartStat};RSVP=FALSE", MailTo(attendee));
        ics.Raw("STATUS", Method == InviteMethod.Cancel ? "CANCELLED" : "CONFIRMED")
            .Raw("END", "VEVENT")
            .Raw("END", "VCALENDAR");
        return ics.ToString();
    }

    // Club-local time with TZID, so calendars show the club's wall clock; but a local time that happens twice (01:30
    // on an autumn night) is written in UTC: RFC 5545 reads it as the first, yet some parsers (Python's icalendar)
    // take the second, and UTC cannot be misread.
    private static void WriteTime(IcsWriter ics, string name, DateTimeOffset instant, TimeZoneInfo zone)
    {
        var utc = new DateTimeOffset(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var local = TimeZoneInfo.ConvertTime(utc, zone).DateTime;
        if (!zone.IsAmbiguousTime(local))
            ics.Raw($"{name};TZID={zone.Id}", IcsWriter.Local(local));
        else
            ics.Raw(name, IcsWriter.Utc(utc));
    }

    // A cal-address is a URI, not TEXT, so it cannot be escaped: only a plain, checked address may go in.
    private static string MailTo(CalendarPerson person) =>
        "mailto:" + (EmailAddress.Normalise(person.Email) ?? throw new ArgumentException($"'{person.Email}' is not an email address.", nameof(person)));

    private static bool IsWebLink(Uri link) =>
        link.IsAbsoluteUri && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp) &&
        !link.AbsoluteUri.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));
}
