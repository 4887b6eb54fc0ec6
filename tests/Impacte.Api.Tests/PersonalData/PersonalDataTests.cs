using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Impacte.Api.Tests.Pages;
using Impacte.Domain.Audit;
using Impacte.Domain.Cpd;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.PersonalData;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Impacte.Api.Tests.PersonalData;

/// <summary>Subject access (export) and erasure, through the API and the pages, on the demo network.</summary>
public sealed class PersonalDataTests(Audit.AddressedApiFactory api) : Audit.AddressedTestBase(api)
{
    /// <summary>
    /// Walks the EF model: every column that points at a person (a foreign key to users, or a Guid named as one) is
    /// either exported or listed as left out on purpose with a reason, so a new table cannot be forgotten.
    /// </summary>
    [Fact]
    public async Task EveryColumnPointingAtAPersonIsExportedOrDeliberatelyLeftOut()
    {
        await using var db = Db();
        var pointing = PersonColumns(db.Model).ToHashSet();
        var covered = PersonalDataExport.Sections.Select(s => (s.Entity, s.PersonProperty))
            .Concat(PersonalDataExport.LeftOutOnPurpose.Select(l => (l.Entity, l.PersonProperty))).ToHashSet();
        Assert.Empty(pointing.Except(covered).Select(c => $"{c.Entity.Name}.{c.PersonProperty}: export it or say why not"));
        Assert.Empty(covered.Except(pointing).Select(c => $"{c.Entity.Name}.{c.PersonProperty} is listed but does not point at a person"));
        Assert.All(PersonalDataExport.LeftOutOnPurpose, l => Assert.False(string.IsNullOrWhiteSpace(l.Why)));
        // The walk finds what it should (a sanity check that the rule is not vacuous).
        Assert.Contains((typeof(MeetingReflection), nameof(MeetingReflection.UserId)), pointing);
        Assert.Contains((typeof(OutboxEmail), nameof(OutboxEmail.RecipientId)), pointing);
    }

    private static readonly System.Text.RegularExpressions.Regex PersonName =
        new("^(UserId|.+ById|OwnerId|ProposerId|AuthorId|PresenterId|RecipientId|ActorId|AcceptedUserId)$");

    private static IEnumerable<(Type Entity, string PersonProperty)> PersonColumns(IModel model) =>
        from entity in model.GetEntityTypes()
        where !entity.IsOwned()
        from property in entity.GetProperties()
        where property.ClrType == typeof(Guid) || property.ClrType == typeof(Guid?)
        where property.GetContainingForeignKeys().Any(fk => fk.PrincipalEntityType.ClrType == typeof(User)) || PersonName.IsMatch(property.Name)
        where !(entity.ClrType == typeof(User) && property.Name == nameof(User.Id))
        select (entity.ClrType, property.Name);

    [Fact]
    public async Task AMemberDownloadsEverythingHeldAboutThemAsJsonAndReadableCsv()
    {
        var gp = await As("gp@example.org");
        var response = await gp.GetAsync("/api/me/export");
        await AssertStatusAsync(HttpStatusCode.OK, response);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        var names = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("personal-data.json", names);
        Assert.Contains("profile.csv", names);
        Assert.All(PersonalDataExport.Sections, s => Assert.Contains(s.File + ".csv", names));

        using var json = JsonDocument.Parse(await new StreamReader(zip.GetEntry("personal-data.json")!.Open()).ReadToEndAsync());
        Assert.Equal("gp@example.org", json.RootElement.GetProperty("profile").GetProperty("email").GetString());
        var sections = json.RootElement.GetProperty("sections");
        var memberships = sections.GetProperty("memberships").GetProperty("rows");
        Assert.Contains("Milton Keynes", Assert.Single(memberships.EnumerateArray()).GetProperty("Club").GetString());
        // Emails sent to them: date, subject and status, never the body or anyone's secrets.
        var text = await new StreamReader(zip.GetEntry("emails.csv")!.Open()).ReadToEndAsync();
        Assert.Contains("Subject", text);
        Assert.DoesNotContain("TextBody", text);
        var all = string.Join("\n", zip.Entries.Select(e => new StreamReader(e.Open()).ReadToEnd()));
        Assert.DoesNotContain("PasswordHash", all);
        Assert.DoesNotContain("SecurityStamp", all);
        Assert.DoesNotContain("UnsubscribeKey", all);

        // The same from their account page.
        var session = PageSession.For(Api);
        await session.SignInAsync("gp@example.org");
        var page = await session.GetAsync("/me/preferences");
        Assert.NotNull(page.QuerySelector("[data-testid=export-my-data]"));
        var fromPage = await session.Client.GetAsync("/me/preferences?handler=Export");
        await AssertStatusAsync(HttpStatusCode.OK, fromPage);
        Assert.Equal("application/zip", fromPage.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnAdminExportsAnyonesDataAndTheExportIsInTheAuditTrail()
    {
        var id = await UserIdAsync("nurse.mk@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await (await As("lead@example.org")).PostAsync($"/api/admin/people/{id}/export", null)).StatusCode);

        var response = await (await As("admin@example.org")).PostAsync($"/api/admin/people/{id}/export", null);
        await AssertStatusAsync(HttpStatusCode.OK, response);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        using var json = JsonDocument.Parse(await new StreamReader(zip.GetEntry("personal-data.json")!.Open()).ReadToEndAsync());
        Assert.Equal("nurse.mk@example.org", json.RootElement.GetProperty("profile").GetProperty("email").GetString());

        await using var db = Db();
        var adminId = await UserIdAsync("admin@example.org");
        var recorded = await db.Set<AuditEvent>().SingleAsync(e => e.Action == "person.exported" && e.TargetId == id);
        Assert.Equal(adminId, recorded.ActorId);
        Assert.NotNull(recorded.Ip);
    }

    [Fact]
    public async Task ErasureNeedsTheirEmailRepeatedAndOnlyAnAdminMayErase()
    {
        var id = await UserIdAsync("pa.mk@example.org");
        Assert.Equal(HttpStatusCode.NotFound,
            (await (await As("lead@example.org")).PostAsJsonAsync($"/api/admin/people/{id}/erase", new { confirmEmail = "pa.mk@example.org" })).StatusCode);
        var admin = await As("admin@example.org");
        var wrong = await admin.PostAsJsonAsync($"/api/admin/people/{id}/erase", new { confirmEmail = "someone@example.org" });
        await AssertStatusAsync(HttpStatusCode.BadRequest, wrong);
        Assert.True((await JsonAsync(wrong)).GetProperty("errors").TryGetProperty("confirmEmail", out _));
        await using var db = Db();
        Assert.Null(await db.Users.Where(u => u.Id == id).Select(u => u.ErasedAt).SingleAsync());
    }

    [Fact]
    public async Task AnErasedPersonCannotSignInTheirNameEmailAndReflectionsGoAndTheClinicalRecordStaysAsAFormerMember()
    {
        const string email = "registrar.mk@example.org";
        var id = await UserIdAsync(email);
        var tokens = await JsonAsync(await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.Password }));
        var meetingId = await SeedTracesAsync(id, email);

        var erased = await (await As("admin@example.org")).PostAsJsonAsync($"/api/admin/people/{id}/erase", new { confirmEmail = "Registrar.MK@example.org" });
        await AssertStatusAsync(HttpStatusCode.OK, erased);
        Assert.Equal(PersonErasure.FormerMember, (await JsonAsync(erased)).GetProperty("person").GetProperty("name").GetString());

        // No way back in: password, access token and refresh token all fail.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.Password })).StatusCode);
        var old = Api.CreateClient();
        old.DefaultRequestHeaders.Authorization = new("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await Api.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() })).StatusCode);

        await using var db = Db();
        var user = await db.Users.SingleAsync(u => u.Id == id);
        Assert.Equal(PersonErasure.FormerMember, user.Name);
        Assert.DoesNotContain("registrar", user.Email);
        Assert.Null(user.PasswordHash);
        Assert.False(await db.Set<MeetingReflection>().AnyAsync(r => r.UserId == id));
        Assert.False(await db.Outbox.AnyAsync(o => o.RecipientId == id || o.ToAddress == email));
        Assert.False(await db.SignInAttempts.AnyAsync(a => a.UserId == id || a.Email == email));
        Assert.False(await db.RefreshTokens.AnyAsync(t => t.UserId == id));
        Assert.False(await db.Users.AnyAsync(u => u.Email == email || u.Name.Contains("Chloe")));
        // The clinical record stays: their question is still theirs, shown as a former member's.
        Assert.True(await db.Questions.AnyAsync(q => q.ProposerId == id));
        Assert.True(await db.Set<Domain.Meetings.Meeting>().AnyAsync(m => m.Id == meetingId));

        // The trail says that it happened, not what was erased.
        var recorded = await db.Set<AuditEvent>().SingleAsync(e => e.Action == "person.erased" && e.TargetId == id);
        Assert.Null(recorded.Before);
        Assert.Null(recorded.After);
        Assert.False(await db.Set<AuditEvent>().AnyAsync(e => (e.Before ?? "").Contains(email) || (e.After ?? "").Contains(email)));

        // Twice is a conflict, not a second erasure.
        Assert.Equal(HttpStatusCode.Conflict,
            (await (await As("admin@example.org")).PostAsJsonAsync($"/api/admin/people/{id}/erase", new { confirmEmail = user.Email })).StatusCode);
    }

    [Fact]
    public async Task AnAdminErasesFromThePersonsPageAfterTypingTheirEmail()
    {
        const string email = "anp.mk@example.org";
        var id = await UserIdAsync(email);
        var session = PageSession.For(Api);
        await session.SignInAsync("admin@example.org");

        var (_, refused) = await session.SubmitAsync($"/admin/people/{id}", new Dictionary<string, string> { ["ConfirmEmail"] = "nobody@example.org" }, "Erase");
        Assert.Contains("Type the person", refused.QuerySelector(".nhsuk-error-summary")?.TextContent);

        var (response, page) = await session.SubmitAsync($"/admin/people/{id}", new Dictionary<string, string> { ["ConfirmEmail"] = email }, "Erase");
        await AssertStatusAsync(HttpStatusCode.OK, response);
        Assert.Equal(PersonErasure.FormerMember, page.QuerySelector("h1")?.TextContent);
        Assert.NotNull(page.QuerySelector("[data-testid=erased]"));
    }

    /// <summary>A reflection, an email to them, a sign-in attempt and a question they proposed.</summary>
    private async Task<Guid> SeedTracesAsync(Guid userId, string email)
    {
        await using var db = Db();
        var start = DateTimeOffset.UtcNow.AddDays(-7);
        var meeting = new Domain.Meetings.Meeting { ClubId = await ClubIdAsync(MiltonKeynes), StartsAt = start, EndsAt = start.AddHours(1), CreatedAt = start };
        db.Meetings.Add(meeting);
        db.Add(new MeetingReflection { MeetingId = meeting.Id, UserId = userId, WhatILearned = "Dr Chloe learned", WhatIWillChange = "Things", UpdatedAt = DateTimeOffset.UtcNow });
        db.Outbox.Add(new OutboxEmail
        {
            IdempotencyKey = $"gdpr-{Guid.NewGuid()}", MessageId = $"<{Guid.NewGuid()}@test>", Kind = "digest", ToAddress = email, RecipientId = userId,
            Subject = "Your digest", TextBody = "Hello Chloe", CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow,
        });
        var question = await db.Questions.FirstAsync(q => q.Club.OdsCode == MiltonKeynes);
        question.ProposerId = userId;
        await db.SaveChangesAsync();
        return meeting.Id;
    }
}
