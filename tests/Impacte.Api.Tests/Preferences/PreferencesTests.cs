using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Impacte.Domain.Changes;
using Impacte.Domain.Email;
using Impacte.Domain.Measures;
using Impacte.Domain.Preferences;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Tests.Preferences;

/// <summary>GET|PUT /api/me/preferences, the one-click unsubscribe link, and the undeliverable mark on the members list.</summary>
public sealed class PreferencesTests(ApiFactory api) : ApiTestBase(api)
{
    private static object Body(string frequency = "fortnightly", string day = "thursday", string[]? areas = null, string? zone = "Europe/Dublin",
        string packs = "in-digest", string reminders = "off", string chasers = "immediately") => new
    {
        digest = new { frequency, dayOfWeek = day, areas = areas ?? ["cardiovascular", "mental-health"] },
        emails = new { readingPacks = packs, reminders, chasers },
        timeZone = zone,
    };

    private static HttpRequestMessage Put(object body, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/me/preferences") { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return request;
    }

    [Fact]
    public async Task AMembersPreferencesStartAsTheDefaultsAndComeBackAsSaved()
    {
        var client = await As("gp2.mk@example.org");
        var first = await client.GetAsync("/api/me/preferences");
        await AssertStatusAsync(HttpStatusCode.OK, first);
        var defaults = await JsonAsync(first);
        Assert.Equal("weekly", defaults.GetProperty("digest").GetProperty("frequency").GetString());
        Assert.Equal("monday", defaults.GetProperty("digest").GetProperty("dayOfWeek").GetString());
        Assert.Equal("immediately", defaults.GetProperty("emails").GetProperty("readingPacks").GetString());
        Assert.Equal("Europe/London", defaults.GetProperty("timeZone").GetString());

        var saved = await client.SendAsync(Put(Body(), first.Headers.ETag!.ToString()));
        await AssertStatusAsync(HttpStatusCode.OK, saved);
        Assert.NotEqual(first.Headers.ETag, saved.Headers.ETag);

        var again = await client.GetAsync("/api/me/preferences");
        var body = await JsonAsync(again);
        Assert.Equal(saved.Headers.ETag, again.Headers.ETag);
        Assert.Equal("fortnightly", body.GetProperty("digest").GetProperty("frequency").GetString());
        Assert.Equal("thursday", body.GetProperty("digest").GetProperty("dayOfWeek").GetString());
        Assert.Equal(["cardiovascular", "mental-health"], body.GetProperty("digest").GetProperty("areas").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(("in-digest", "off", "immediately"), (body.GetProperty("emails").GetProperty("readingPacks").GetString(),
            body.GetProperty("emails").GetProperty("reminders").GetString(), body.GetProperty("emails").GetProperty("chasers").GetString()));
        Assert.Equal("Europe/Dublin", body.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task UnknownValuesAreFieldErrorsAndNothingIsSaved()
    {
        var client = await As("nurse.mk@example.org");
        var etag = (await client.GetAsync("/api/me/preferences")).Headers.ETag!.ToString();
        var response = await client.SendAsync(Put(Body(frequency: "daily", day: "funday", areas: ["astrology"], zone: "Mars/Olympus", packs: "sometimes"), etag));
        await AssertStatusAsync(HttpStatusCode.BadRequest, response);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType!.ToString());
        var errors = (await JsonAsync(response)).GetProperty("errors");
        foreach (var field in new[] { "digest.frequency", "digest.dayOfWeek", "digest.areas", "timeZone", "emails.readingPacks" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");

        await using var db = Db();
        var userId = await UserIdAsync("nurse.mk@example.org");
        Assert.False(await db.Preferences.AnyAsync(p => p.UserId == userId));
    }

    [Fact]
    public async Task AStaleIfMatchIs412AndAMissingOneIs428()
    {
        var client = await As("pharmacist.mk@example.org");
        var etag = (await client.GetAsync("/api/me/preferences")).Headers.ETag!.ToString();
        await AssertStatusAsync(HttpStatusCode.OK, await client.SendAsync(Put(Body(), etag)));

        // A second tab still holding the first ETag must not overwrite what the first saved.
        await AssertStatusAsync(HttpStatusCode.PreconditionFailed, await client.SendAsync(Put(Body(frequency: "monthly"), etag)));
        await AssertStatusAsync((HttpStatusCode)428, await client.SendAsync(Put(Body(frequency: "monthly"), null)));
        var now = await JsonAsync(await client.GetAsync("/api/me/preferences"));
        Assert.Equal("fortnightly", now.GetProperty("digest").GetProperty("frequency").GetString());
    }

    [Fact]
    public async Task TheOwnerOfAnOverdueReauditMayFoldChasersIntoTheDigestButNotTurnThemOff()
    {
        var owner = await OverdueReauditOwnerAsync();
        var client = await As(owner);
        var read = await client.GetAsync("/api/me/preferences");
        Assert.False((await JsonAsync(read)).GetProperty("chasersMayBeOff").GetBoolean());

        var off = await client.SendAsync(Put(Body(chasers: "off"), read.Headers.ETag!.ToString()));
        await AssertStatusAsync(HttpStatusCode.BadRequest, off);
        Assert.True((await JsonAsync(off)).GetProperty("errors").TryGetProperty("emails.chasers", out _));

        await AssertStatusAsync(HttpStatusCode.OK, await client.SendAsync(Put(Body(chasers: "in-digest"), read.Headers.ETag!.ToString())));
    }

    [Fact]
    public async Task OneClickUnsubscribeTurnsOffThatListOnlyWithoutSignInAndTwiceIsOnce()
    {
        var (userId, token) = await TokenAsync("registrar.mk@example.org", EmailList.ReadingPacks);
        var anonymous = Api.CreateClient(new() { AllowAutoRedirect = false });

        // Opening the link (as a mail scanner does) shows the confirm form and changes nothing.
        var page = await anonymous.GetAsync($"/unsubscribe/{token}");
        await AssertStatusAsync(HttpStatusCode.OK, page);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("reading packs", html);
        Assert.Contains("<form method=\"post\"", html);
        await using (var db = Db())
            Assert.False(await db.Preferences.AnyAsync(p => p.UserId == userId));

        for (var i = 0; i < 2; i++)
        {
            var posted = await anonymous.PostAsync($"/unsubscribe/{token}",
                new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]));
            await AssertStatusAsync(HttpStatusCode.OK, posted);
        }
        await using (var db = Db())
        {
            var saved = await db.Preferences.SingleAsync(p => p.UserId == userId);
            Assert.Equal((EmailDelivery.Off, EmailDelivery.Immediately, DigestFrequency.Weekly, EmailDelivery.Immediately),
                (saved.ReadingPacks, saved.Reminders, saved.DigestFrequency, saved.Chasers));
        }

        // The preferences page shows it off, and turning it back on works from there (the API here).
        var client = await As("registrar.mk@example.org");
        var read = await client.GetAsync("/api/me/preferences");
        Assert.Equal("off", (await JsonAsync(read)).GetProperty("emails").GetProperty("readingPacks").GetString());
        await AssertStatusAsync(HttpStatusCode.OK, await client.SendAsync(Put(Body(packs: "immediately", reminders: "immediately"), read.Headers.ETag!.ToString())));
    }

    [Fact]
    public async Task ATamperedOrBorrowedTokenIsA404PageAndChangesNothing()
    {
        var (userId, token) = await TokenAsync("anp.mk@example.org", EmailList.Reminders);
        var (otherId, _) = await TokenAsync("pa.mk@example.org", EmailList.Reminders);
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(token);
        var anonymous = Api.CreateClient(new() { AllowAutoRedirect = false });

        var forged = new List<string>();
        var anotherList = (byte[])bytes.Clone();
        anotherList[16] = (byte)EmailList.Digest; // same member, another list: the MAC no longer fits
        forged.Add(System.Buffers.Text.Base64Url.EncodeToString(anotherList));
        var anotherMember = (byte[])bytes.Clone();
        otherId.TryWriteBytes(anotherMember.AsSpan(0, 16)); // another member with this member's MAC
        forged.Add(System.Buffers.Text.Base64Url.EncodeToString(anotherMember));
        var flipped = (byte[])bytes.Clone();
        flipped[^1] ^= 1;
        forged.Add(System.Buffers.Text.Base64Url.EncodeToString(flipped));
        forged.Add("not-a-token");

        foreach (var bad in forged)
        {
            foreach (var response in new[]
                     {
                         await anonymous.GetAsync($"/unsubscribe/{bad}"),
                         await anonymous.PostAsync($"/unsubscribe/{bad}", new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")])),
                     })
            {
                await AssertStatusAsync(HttpStatusCode.NotFound, response);
                Assert.StartsWith("text/html", response.Content.Headers.ContentType!.ToString());
            }
        }
        await using var db = Db();
        Assert.False(await db.Preferences.AnyAsync(p => p.UserId == userId || p.UserId == otherId));
    }

    [Fact]
    public async Task TheLeadSeesAnUndeliverableAddressInTheMembersListAndClearsIt()
    {
        var clubId = await ClubIdAsync(MiltonKeynes);
        await using (var db = Db())
        {
            db.EmailBounces.Add(new EmailBounce { Address = "gp@example.org", ConsecutiveFailures = 3, UndeliverableSince = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, LastError = "550 5.1.1 User unknown" });
            await db.SaveChangesAsync();
        }
        var lead = await As("lead@example.org");
        async Task<bool> UndeliverableAsync() =>
            (await JsonAsync(await lead.GetAsync($"/api/clubs/{clubId}/members?pageSize=100"))).GetProperty("items").EnumerateArray()
                .Single(m => m.GetProperty("email").GetString() == "gp@example.org").GetProperty("undeliverable").GetBoolean();
        Assert.True(await UndeliverableAsync());

        var member = await As("gp@example.org");
        var gpId = await UserIdAsync("gp@example.org");
        await AssertStatusAsync(HttpStatusCode.Forbidden, await member.DeleteAsync($"/api/clubs/{clubId}/members/{gpId}/undeliverable"));
        await AssertStatusAsync(HttpStatusCode.NoContent, await lead.DeleteAsync($"/api/clubs/{clubId}/members/{gpId}/undeliverable"));
        Assert.False(await UndeliverableAsync());
    }

    /// <summary>A member's signed link for a list, as the dispatcher makes it.</summary>
    private async Task<(Guid UserId, string Token)> TokenAsync(string email, EmailList list)
    {
        await using var db = Db();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return (user.Id, UnsubscribeTokens.Create(user.Id, list, user.UnsubscribeKey));
    }

    /// <summary>An owner of a change whose re-audit was due a week ago, its figures not in.</summary>
    private async Task<string> OverdueReauditOwnerAsync()
    {
        const string owner = "public.mk@example.org";
        await using var db = Db();
        var now = DateTimeOffset.UtcNow;
        var change = new PracticeChange
        {
            ClubId = await ClubIdAsync(MiltonKeynes), OwnerId = await UserIdAsync(owner), Title = "Overdue re-audit change", Description = "For preferences",
            Status = ChangeStatus.Implemented, DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(-4)), CreatedAt = now, UpdatedAt = now,
        };
        var measure = new Measure { ChangeId = change.Id, Name = "Overdue measure", NumeratorDefinition = "done", DenominatorDefinition = "eligible", CreatedAt = now, UpdatedAt = now };
        measure.Audits.Add(new MeasureAudit
        {
            MeasureId = measure.Id, Kind = AuditKind.ReAudit, DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-7)), Period = "2026-09", Ordinal = 3, CreatedAt = now,
        });
        db.Add(change);
        db.Add(measure);
        await db.SaveChangesAsync();
        return owner;
    }
}
