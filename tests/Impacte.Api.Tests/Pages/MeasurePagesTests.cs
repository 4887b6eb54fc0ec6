using System.Net;
using System.Net.Http.Json;
using Impacte.Testing;

namespace Impacte.Api.Tests.Pages;

public sealed class MeasurePagesTests(ApiFactory api) : ApiTestBase(api)
{
    private const string Lead = "lead@example.org", Owner = "gp@example.org", Nurse = "nurse.mk@example.org", Stranger = "gp.luton@example.org";

    private async Task<string> ChangeAsync()
    {
        var response = await (await As(Lead)).PostAsJsonAsync($"/api/clubs/{await ClubIdAsync(MiltonKeynes)}/changes", new
        {
            title = "Statin review after stroke", description = "Everyone after a stroke or TIA offered a high-intensity statin.",
            ownerId = await UserIdAsync(Owner), dueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(3)).ToString("yyyy-MM-dd"),
        });
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private async Task<PageSession> SignedInAsync(string email)
    {
        var session = PageSession.For(Api);
        Assert.Equal(HttpStatusCode.OK, (await session.SignInAsync(email)).StatusCode);
        return session;
    }

    private static Dictionary<string, string> Form(params (string, string)[] fields) => fields.ToDictionary(f => f.Item1, f => f.Item2);

    [Fact]
    public async Task TheOwnerAddsAMeasureEntersAPeriodAndTheChartAndTableShowIt()
    {
        var changeId = await ChangeAsync();
        var owner = await SignedInAsync(Owner);

        var (added, page) = await owner.SubmitAsync($"/changes/{changeId}/measures/new", Form(
            ("Input.Name", "Stroke patients on a statin"), ("Input.NumeratorDefinition", "on a high-intensity statin"),
            ("Input.DenominatorDefinition", "stroke or TIA on the register"), ("Input.StandardPercent", "85")));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var measurePath = added.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.Matches("^/measures/[0-9a-f-]{36}$", measurePath);
        Assert.Equal("Stroke patients on a statin", page.QuerySelector("h1")!.TextContent);

        var (saved, details) = await owner.SubmitAsync($"{measurePath}/points/2025-04", Form(("Numerator", "17"), ("Denominator", "20"), ("Note", "first search")));

        Assert.Equal(measurePath, saved.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Entered 2025-04: 17 of 20.", details.QuerySelector("[data-testid=message]")!.TextContent);
        var svg = details.QuerySelector("[data-testid=measure-chart] svg")!;
        Assert.StartsWith("Stroke patients on a statin", svg.QuerySelector("title")!.TextContent);
        Assert.Contains("Latest value 85% in 2025-04", details.QuerySelector("[data-testid=chart-description]")!.TextContent);
        var row = details.QuerySelector("[data-testid=data-table] tr[data-period='2025-04']")!;
        Assert.Contains("85%", row.TextContent);
    }

    [Fact]
    public async Task ThePointFormShowsFieldErrorsAndKeepsWhatWasTyped()
    {
        var changeId = await ChangeAsync();
        var measure = await JsonAsync(await (await As(Owner)).PostAsJsonAsync($"/api/changes/{changeId}/measures",
            new { name = "Statins", numeratorDefinition = "on a statin", denominatorDefinition = "eligible" }));
        var owner = await SignedInAsync(Owner);

        var (response, page) = await owner.SubmitAsync($"/measures/{measure.GetProperty("id").GetString()}/points/2025-04",
            Form(("Numerator", "25"), ("Denominator", "20")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The numerator cannot be more than the denominator.", page.QuerySelector(".nhsuk-error-summary")!.TextContent);
        Assert.Equal("25", page.QuerySelector("#Numerator")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("#Numerator-error"));
    }

    [Fact]
    public async Task StrangersGet404AndMembersReadWithoutTheForms()
    {
        var changeId = await ChangeAsync();
        var measureId = (await JsonAsync(await (await As(Owner)).PostAsJsonAsync($"/api/changes/{changeId}/measures",
            new { name = "Statins", numeratorDefinition = "on a statin", denominatorDefinition = "eligible" }))).GetProperty("id").GetString();

        var stranger = await SignedInAsync(Stranger);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/measures/{measureId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/measures/{measureId}/points/2025-01")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"/changes/{changeId}/measures")).StatusCode);

        var member = await SignedInAsync(Nurse);
        var details = await member.GetAsync($"/measures/{measureId}");
        Assert.NotNull(details.QuerySelector("[data-testid=measure-chart] svg"));
        Assert.Null(details.QuerySelector("form[action*='handler=Enter']"));
        Assert.Null((await member.GetAsync($"/measures/{measureId}/points/2025-01")).QuerySelector("[data-testid=point-form]"));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync($"/changes/{changeId}/measures/new")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.Client.GetAsync($"/measures/{measureId}/points/2025-13")).StatusCode);
    }

    [Fact]
    public async Task TheChangesMeasuresComponentShowsEachChartAndEncodesWhatPeopleTyped()
    {
        var changeId = await ChangeAsync();
        var owner = await As(Owner);
        var measureId = (await JsonAsync(await owner.PostAsJsonAsync($"/api/changes/{changeId}/measures",
            new { name = "<b>Statins</b> & more", numeratorDefinition = "on a statin", denominatorDefinition = "eligible" }))).GetProperty("id").GetString();
        await owner.PutAsJsonAsync($"/api/measures/{measureId}/points/2025-01", new { numerator = 3, denominator = 4 });
        var session = await SignedInAsync(Nurse);

        var html = await session.Client.GetStringAsync($"/changes/{changeId}/measures");
        var page = await session.GetAsync($"/changes/{changeId}/measures");

        Assert.DoesNotContain("<b>Statins</b>", html);
        var measure = page.QuerySelector($"[data-testid=change-measures] [data-measure-id='{measureId}']")!;
        Assert.Equal("<b>Statins</b> & more", measure.QuerySelector("h3")!.TextContent);
        Assert.NotNull(measure.QuerySelector("svg title"));
        Assert.NotNull(measure.QuerySelector("[data-testid=data-table] tr[data-period='2025-01']"));
        Assert.Null(page.QuerySelector("[data-testid=add-measure]")); // a member who is not the owner adds nothing
    }
}
