using Impacte.Domain.Home;
using Impacte.Domain.Questions;

namespace Impacte.Api.Home;

public sealed record HomeMeetingResponse(Guid Id, Guid ClubId, string ClubName, string TimeZone, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string? Location, string? OnlineUrl, IReadOnlyList<string> Agenda, string? MyRsvp, string CalendarUrl);
public sealed record HomeQuestionResponse(Guid Id, string Title, Guid ClubId, string ClubName, string Status, DateTimeOffset UpdatedAt);
public sealed record HomeTaskResponse(string Role, string Kind, string Text, string Link, DateTimeOffset? Since);
public sealed record HomeResponse(IReadOnlyList<HomeMeetingResponse> Meetings, IReadOnlyList<HomeQuestionResponse> MyQuestions, IReadOnlyList<HomeTaskResponse> Tasks);

public static class HomeResponses
{
    public static HomeResponse ToResponse(HomeView home) => new(
        home.Meetings.Select(m => new HomeMeetingResponse(m.Id, m.ClubId, m.ClubName, m.TimeZone, m.StartsAt, m.EndsAt, m.Location, m.OnlineUrl,
            m.Agenda, m.MyRsvp?.ToString().ToLowerInvariant(), $"/api/meetings/{m.Id}/calendar.ics")).ToList(),
        home.MyQuestions.Select(q => new HomeQuestionResponse(q.Id, q.Title, q.ClubId, q.ClubName, QuestionNames.Name(q.Status), q.UpdatedAt)).ToList(),
        home.Tasks.Select(t => new HomeTaskResponse(t.Role.ToString().ToLowerInvariant(), t.Kind, t.Text, t.Link, t.Since)).ToList());
}
