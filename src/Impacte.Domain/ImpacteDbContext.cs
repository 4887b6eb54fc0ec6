using System.Text;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Clubs;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.Papers;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain;

/// <summary>The one store of IMPACTE: people, clubs, the loop's records, the email outbox.</summary>
public sealed class ImpacteDbContext(DbContextOptions<ImpacteDbContext> options)
    : IdentityDbContext<User, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Club> Clubs => Set<Club>();
    public DbSet<ClubMembership> Memberships => Set<ClubMembership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<SignInAttempt> SignInAttempts => Set<SignInAttempt>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<OutboxEmail> Outbox => Set<OutboxEmail>();
    public DbSet<EmailBounce> EmailBounces => Set<EmailBounce>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Paper> Papers => Set<Paper>();
    public DbSet<QuestionPaper> QuestionPapers => Set<QuestionPaper>();
    public DbSet<EvidenceSearch> EvidenceSearches => Set<EvidenceSearch>();
    public DbSet<SearchEntry> SearchEntries => Set<SearchEntry>();
    public DbSet<ScreeningRecord> ScreeningRecords => Set<ScreeningRecord>();
    public DbSet<ScreeningImport> ScreeningImports => Set<ScreeningImport>();
    public DbSet<Appraisal> Appraisals => Set<Appraisal>();
    public DbSet<AppraisalDocument> AppraisalDocuments => Set<AppraisalDocument>();
    public DbSet<ClinicalQuestion> Questions => Set<ClinicalQuestion>();
    public DbSet<QuestionVote> QuestionVotes => Set<QuestionVote>();
    public DbSet<QuestionAsker> QuestionAskers => Set<QuestionAsker>();
    public DbSet<QuestionTransitionRecord> QuestionTransitions => Set<QuestionTransitionRecord>();
    public DbSet<Meetings.ClubCadence> Cadences => Set<Meetings.ClubCadence>();
    public DbSet<Meetings.Meeting> Meetings => Set<Meetings.Meeting>();
    public DbSet<Meetings.AgendaItem> AgendaItems => Set<Meetings.AgendaItem>();
    public DbSet<Meetings.MeetingRsvp> Rsvps => Set<Meetings.MeetingRsvp>();
    public DbSet<Meetings.MeetingAttendance> Attendance => Set<Meetings.MeetingAttendance>();
    public DbSet<Meetings.MeetingPackRecipient> PackRecipients => Set<Meetings.MeetingPackRecipient>();
    public DbSet<Meetings.MeetingMove> MeetingMoves => Set<Meetings.MeetingMove>();
    public DbSet<Preferences.MemberPreferences> Preferences => Set<Preferences.MemberPreferences>();

    /// <summary>
    /// The remote address of the request this context serves (the Api sets it; jobs leave it null): the audit trail's
    /// "from where" for acts whose services never see HTTP. Not mapped; one context per request.
    /// </summary>
    public string? RequestAddress { get; set; }

    /// <summary>Every save leaves out the outbox rows added for an account that may not be mailed (<see cref="MailRule"/>).</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        DropRefused(await MailRule.RefusedAsync(this, AddedEmails(), cancellationToken));
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        DropRefused(MailRule.RefusedNow(this, AddedEmails()));
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>Rows are added with Add, never by reaching them from another entity: no change detection needed to find them.</summary>
    private List<OutboxEmail> AddedEmails()
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return ChangeTracker.Entries<OutboxEmail>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private void DropRefused(HashSet<OutboxEmail> refused)
    {
        foreach (var email in refused) Entry(email).State = EntityState.Detached;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Trigram similarity for the search's spelling fallback (trusted since PostgreSQL 13: the database owner may create it).
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        builder.ApplyConfigurationsFromAssembly(typeof(ImpacteDbContext).Assembly);
        UseSnakeCase(builder);
    }

    /// <summary>
    /// snake_case names throughout, so hand-written SQL (SKIP LOCKED claims, search, SQL in migrations) reads as
    /// PostgreSQL is usually written. EFCore.NamingConventions cannot be restored here, hence this loop.
    /// </summary>
    private static void UseSnakeCase(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            entity.SetTableName(Snake(entity.GetTableName()!));
            foreach (var property in entity.GetProperties())
                if (property.GetColumnName() != "xmin")
                    property.SetColumnName(Snake(property.GetColumnName()));
            foreach (var key in entity.GetKeys())
                key.SetName(Snake(key.GetName()!));
            foreach (var fk in entity.GetForeignKeys())
                fk.SetConstraintName(Snake(fk.GetConstraintName()!));
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName(Snake(index.GetDatabaseName()!));
        }
    }

    internal static string Snake(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var boundary = i > 0 && name[i - 1] != '_' &&
                    (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
                if (boundary) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
