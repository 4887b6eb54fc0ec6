using Impacte.Domain.Clubs;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.PersonalData;
using Impacte.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Impacte.Api.Tests.PersonalData;

/// <summary>The daily retention sweep, on simulated time: what is past its period goes, the rest stays, twice is once.</summary>
public sealed class RetentionTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task WhatIsPastItsPeriodIsRemovedAndASecondRunRemovesNothingMore()
    {
        var now = new DateTimeOffset(2031, 3, 1, 3, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var erasedId = await UserIdAsync("public.luton@example.org");
        var clubId = await ClubIdAsync(Luton);
        await using (var db = Db())
        {
            db.Outbox.AddRange(Sent($"old-{tag}", now.AddDays(-31)), Sent($"new-{tag}", now.AddDays(-29)));
            db.SignInAttempts.AddRange(Attempt($"old-{tag}", now.AddDays(-91)), Attempt($"new-{tag}", now.AddDays(-89)));
            var leadId = await UserIdAsync("lead.luton@example.org");
            db.Invitations.AddRange(Expired(clubId, leadId, $"old-{tag}@example.org", now.AddDays(-31)), Expired(clubId, leadId, $"new-{tag}@example.org", now.AddDays(-29)));
            var erased = await db.Users.SingleAsync(u => u.Id == erasedId);
            erased.ErasedAt = now.AddDays(-91);
            await db.SaveChangesAsync();
        }

        var first = await SweepAsync(clock);
        Assert.True(first.EmailBodies >= 1 && first.SignInAttempts >= 1 && first.Invitations >= 1 && first.ErasedTraces >= 1, first.ToString());
        await using (var db = Db())
        {
            var old = await db.Outbox.SingleAsync(o => o.IdempotencyKey == $"old-{tag}");
            Assert.Equal((RetentionSweep.RemovedBody, (string?)null, "Your digest"), (old.TextBody, old.HtmlBody, old.Subject));
            Assert.Equal("Hello", (await db.Outbox.SingleAsync(o => o.IdempotencyKey == $"new-{tag}")).TextBody);
            Assert.False(await db.SignInAttempts.AnyAsync(a => a.EmailHash == $"old-{tag}"));
            Assert.True(await db.SignInAttempts.AnyAsync(a => a.EmailHash == $"new-{tag}"));
            Assert.False(await db.Invitations.AnyAsync(i => i.Email == $"old-{tag}@example.org"));
            Assert.True(await db.Invitations.AnyAsync(i => i.Email == $"new-{tag}@example.org"));
            Assert.False(await db.Memberships.AnyAsync(m => m.UserId == erasedId));
            // The person row stays: the clinical record points at it, as "a former member".
            Assert.True(await db.Users.AnyAsync(u => u.Id == erasedId));
        }

        Assert.Equal(new RetentionResult(0, 0, 0, 0), await SweepAsync(clock));

        // A day later the newer ones' time has come too.
        clock.Advance(TimeSpan.FromDays(2));
        var later = await SweepAsync(clock);
        Assert.True(later.EmailBodies >= 1 && later.SignInAttempts >= 1 && later.Invitations >= 1, later.ToString());
    }

    [Fact]
    public void EachPeriodIsReadFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retention:SentEmailBodyDays"] = "7", ["Retention:SignInAttemptDays"] = "30", ["Retention:ExpiredInvitationDays"] = "14",
            ["Retention:ErasedPersonTraceDays"] = "1", ["Retention:JobHistoryDays"] = "3",
        }).Build();
        var options = configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>()!;
        Assert.Equal((7, 30, 14, 1, 3), (options.SentEmailBodyDays, options.SignInAttemptDays, options.ExpiredInvitationDays, options.ErasedPersonTraceDays, options.JobHistoryDays));
    }

    private async Task<RetentionResult> SweepAsync(TimeProvider clock)
    {
        await using var db = Db();
        return await new RetentionSweep(db, clock, new RetentionOptions()).RunAsync();
    }

    private static OutboxEmail Sent(string key, DateTimeOffset sentAt) => new()
    {
        IdempotencyKey = key, MessageId = $"<{key}@test>", Kind = "digest", ToAddress = $"{key}@example.org", Subject = "Your digest",
        TextBody = "Hello", HtmlBody = "<p>Hello</p>", Status = OutboxStatus.Sent, CreatedAt = sentAt, NextAttemptAt = sentAt, SentAt = sentAt,
    };

    private static SignInAttempt Attempt(string hash, DateTimeOffset at) => new() { EmailHash = hash, At = at, Channel = "api", Succeeded = false };

    private static Invitation Expired(Guid clubId, Guid invitedById, string email, DateTimeOffset expiredAt) => new()
    {
        ClubId = clubId, Email = email, Name = "Someone", TokenHash = Guid.NewGuid().ToString("N"), InvitedById = invitedById,
        CreatedAt = expiredAt - Invitation.Lifetime, ExpiresAt = expiredAt,
    };
}
