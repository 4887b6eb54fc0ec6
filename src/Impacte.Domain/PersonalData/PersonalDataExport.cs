using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CsvHelper;
using Impacte.Domain.Access;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Audit;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Cpd;
using Impacte.Domain.Email;
using Impacte.Domain.Identity;
using Impacte.Domain.Measures;
using Impacte.Domain.Meetings;
using Impacte.Domain.Papers;
using Impacte.Domain.Preferences;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Domain.PersonalData;

/// <summary>One part of a subject-access export: the rows of one table where one column names the person.</summary>
public sealed record ExportSection(string File, string Title, Type Entity, string PersonProperty, params string[] LeaveOutColumns);

/// <summary>A column pointing at a person that the export leaves out on purpose, and why.</summary>
public sealed record LeftOut(Type Entity, string PersonProperty, string Why);

/// <summary>
/// Subject access (UK GDPR art. 15): everything IMPACTE holds about one person, as a zip of one JSON document and one
/// readable CSV per section. The sections are a list of (table, column that names the person), read generically
/// through the EF model, so a test can walk the model and prove every column pointing at a person is either here or
/// in <see cref="LeftOutOnPurpose"/>. Secrets (password and token hashes, security stamps, signing keys) and the
/// bodies of emails are never exported.
/// </summary>
public sealed class PersonalDataExport(ImpacteDbContext db, TimeProvider clock)
{
    public static readonly IReadOnlyList<ExportSection> Sections =
    [
        new("network-roles", "Network roles", typeof(IdentityUserRole<Guid>), nameof(IdentityUserRole<Guid>.UserId)),
        new("memberships", "Club memberships and roles", typeof(ClubMembership), nameof(ClubMembership.UserId)),
        new("invitations-accepted", "Invitations you accepted", typeof(Invitation), nameof(Invitation.AcceptedUserId)),
        // Invitations they sent name other people: their own act is kept, the invitee's address and name are not theirs.
        new("invitations-sent", "Invitations you sent", typeof(Invitation), nameof(Invitation.InvitedById), nameof(Invitation.Email), nameof(Invitation.Name), nameof(Invitation.Profession)),
        new("questions-proposed", "Questions you proposed", typeof(ClinicalQuestion), nameof(ClinicalQuestion.ProposerId)),
        new("questions-also-asked", "Questions you also asked", typeof(QuestionAsker), nameof(QuestionAsker.UserId)),
        new("votes", "Your voices and votes on questions", typeof(QuestionVote), nameof(QuestionVote.UserId)),
        new("question-steps", "Question steps you took", typeof(QuestionTransitionRecord), nameof(QuestionTransitionRecord.ById)),
        new("evidence-searches", "Evidence searches you recorded", typeof(EvidenceSearch), nameof(EvidenceSearch.UpdatedById)),
        new("database-searches", "Database searches you recorded", typeof(SearchEntry), nameof(SearchEntry.RecordedById)),
        new("screening-imports", "Imports you screened", typeof(ScreeningImport), nameof(ScreeningImport.ById)),
        new("screening-decisions", "Your screening decisions", typeof(ScreeningRecord), nameof(ScreeningRecord.DecidedById)),
        new("papers-added", "Papers you imported", typeof(Paper), nameof(Paper.CreatedById)),
        new("papers-linked", "Papers you linked to questions", typeof(QuestionPaper), nameof(QuestionPaper.AddedById)),
        new("appraisals-written", "Appraisals you wrote", typeof(Appraisal), nameof(Appraisal.AuthorId)),
        new("appraisals-checked", "Appraisals you checked", typeof(Appraisal), nameof(Appraisal.CheckedById)),
        new("appraisals-edited", "Appraisals you co-edit", typeof(AppraisalEditor), nameof(AppraisalEditor.UserId)),
        new("appraisal-documents", "Appraisal documents you uploaded", typeof(AppraisalDocument), nameof(AppraisalDocument.UploadedById)),
        new("rsvps", "Your RSVPs", typeof(MeetingRsvp), nameof(MeetingRsvp.UserId)),
        new("reading-packs", "Reading packs sent to you", typeof(MeetingPackRecipient), nameof(MeetingPackRecipient.UserId)),
        new("attendance", "Your attendance", typeof(MeetingAttendance), nameof(MeetingAttendance.UserId)),
        new("agenda-items", "Agenda items you presented", typeof(AgendaPresenter), nameof(AgendaPresenter.UserId)),
        new("reflections", "Your reflections (CPD log)", typeof(MeetingReflection), nameof(MeetingReflection.UserId)),
        new("changes-owned", "Practice changes you own", typeof(PracticeChange), nameof(PracticeChange.OwnerId)),
        new("changes-created", "Practice changes you recorded", typeof(PracticeChange), nameof(PracticeChange.CreatedById)),
        new("change-teams", "Practice-change teams you are on", typeof(PracticeChangeTeamMember), nameof(PracticeChangeTeamMember.UserId)),
        new("change-history", "Steps you took on practice changes", typeof(PracticeChangeEvent), nameof(PracticeChangeEvent.ById)),
        new("pdsa-cycles", "PDSA cycles you recorded", typeof(PdsaCycle), nameof(PdsaCycle.CreatedById)),
        new("measures", "Measures you defined", typeof(Measure), nameof(Measure.CreatedById)),
        new("measure-baselines", "Baselines you set", typeof(MeasureBaseline), nameof(MeasureBaseline.ById)),
        new("measure-audits-planned", "Audits you planned", typeof(MeasureAudit), nameof(MeasureAudit.CreatedById)),
        new("measure-audits-recorded", "Audits you recorded", typeof(MeasureAudit), nameof(MeasureAudit.RecordedById)),
        new("measurements-entered", "Measurements you entered", typeof(Measurement), nameof(Measurement.EnteredById)),
        new("measurements-updated", "Measurements you last corrected", typeof(Measurement), nameof(Measurement.UpdatedById)),
        new("measurement-revisions", "Your corrections to measurements", typeof(MeasurementRevision), nameof(MeasurementRevision.ById)),
        new("preferences", "Your preferences", typeof(MemberPreferences), nameof(MemberPreferences.UserId)),
        // Date, subject and status; not the bodies (kept only briefly, see the README's retention table).
        new("emails", "Emails sent to you", typeof(OutboxEmail), nameof(OutboxEmail.RecipientId), nameof(OutboxEmail.ToAddress)),
        new("sign-in-attempts", "Sign-in attempts on your account", typeof(SignInAttempt), nameof(SignInAttempt.UserId)),
        new("acts", "Privileged acts you did (audit trail)", typeof(AuditEvent), nameof(AuditEvent.ActorId)),
    ];

    public static readonly IReadOnlyList<LeftOut> LeftOutOnPurpose =
    [
        new(typeof(RefreshToken), nameof(RefreshToken.UserId), "Hashes of live session tokens: secrets, and the sign-ins they came from are in sign-in-attempts."),
        new(typeof(IdentityUserToken<Guid>), nameof(IdentityUserToken<Guid>.UserId), "Authenticator and reset tokens: secrets."),
        new(typeof(IdentityUserLogin<Guid>), nameof(IdentityUserLogin<Guid>.UserId), "External sign-in links: IMPACTE has none (only its own passwords)."),
        new(typeof(IdentityUserClaim<Guid>), nameof(IdentityUserClaim<Guid>.UserId), "Not used: roles are in network-roles and memberships."),
    ];

    /// <summary>Columns that are never exported, whatever the section: secrets and message bodies.</summary>
    private static readonly HashSet<string> NeverExported =
    [
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "UnsubscribeKey", "TokenHash", "EmailHash", "RsvpKey",
        "TextBody", "HtmlBody", "Redact", "Attachments", "IdempotencyKey",
    ];

    /// <summary>The person's own export (GET /api/me/export).</summary>
    public Task<(byte[] Zip, string FileName)> ForSelfAsync(Actor actor, CancellationToken ct = default) => BuildAsync(actor.UserId, ct);

    /// <summary>An admin's export for anyone (a subject-access request made to the network), recorded in the audit trail.</summary>
    public async Task<(byte[] Zip, string FileName)> ForAdminAsync(Actor actor, Guid userId, string? ip, CancellationToken ct = default)
    {
        if (!actor.IsAdmin) throw new NotFoundException("The page");
        var export = await BuildAsync(userId, ct);
        AuditTrail.Record(db, clock.UtcNowForDb(), actor.UserId, "person.exported", "person", userId, null, null, ip);
        await db.SaveChangesAsync(ct);
        return export;
    }

    private async Task<(byte[] Zip, string FileName)> BuildAsync(Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct) ?? throw new NotFoundException("The person");
        var now = clock.GetUtcNow();
        var clubs = await db.Clubs.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name ?? "", ct);

        var profile = new Dictionary<string, string?>
        {
            ["id"] = user.Id.ToString(), ["name"] = user.Name, ["email"] = user.Email, ["profession"] = user.Profession,
            ["phoneNumber"] = user.PhoneNumber, ["createdAt"] = Format(user.CreatedAt), ["deactivatedAt"] = Format(user.DeactivatedAt),
            ["erasedAt"] = Format(user.ErasedAt), ["failedSignInsSinceLastSuccess"] = Format(user.AccessFailedCount),
        };
        var sections = new List<(ExportSection Section, List<string> Columns, List<Dictionary<string, string?>> Rows)>();
        foreach (var section in Sections)
        {
            var (columns, rows) = await ReadAsync(section, userId, ct);
            // Ids alone do not read: name the club and the role next to them.
            if (columns.Contains("ClubId")) Describe(columns, rows, "ClubId", "Club", clubs);
            if (columns.Contains("RoleId")) Describe(columns, rows, "RoleId", "Role", roleNames);
            sections.Add((section, columns, rows));
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            var document = new Dictionary<string, object?>
            {
                ["generatedAt"] = Format(now),
                ["about"] = "Everything IMPACTE holds about you. Each section is also a CSV file in this zip.",
                ["profile"] = profile,
                ["sections"] = sections.ToDictionary(s => s.Section.File, s => (object)new { title = s.Section.Title, rows = s.Rows }),
            };
            await using (var json = archive.CreateEntry("personal-data.json").Open())
                await JsonSerializer.SerializeAsync(json, document, new JsonSerializerOptions { WriteIndented = true }, ct);
            WriteCsv(archive, "profile.csv", [.. profile.Keys], [profile]);
            foreach (var (section, columns, rows) in sections)
                WriteCsv(archive, section.File + ".csv", columns, rows);
        }
        return (zip.ToArray(), $"impacte-personal-data-{now:yyyy-MM-dd}.zip");
    }

    private static void Describe(List<string> columns, List<Dictionary<string, string?>> rows, string idColumn, string nameColumn, Dictionary<Guid, string> names)
    {
        columns.Insert(columns.IndexOf(idColumn) + 1, nameColumn);
        foreach (var row in rows)
            row[nameColumn] = Guid.TryParse(row[idColumn], out var id) && names.TryGetValue(id, out var name) ? name : null;
    }

    private static void WriteCsv(ZipArchive archive, string name, IReadOnlyList<string> columns, IEnumerable<IReadOnlyDictionary<string, string?>> rows)
    {
        using var stream = archive.CreateEntry(name).Open();
        // A byte order mark so Excel reads UTF-8; text a spreadsheet would run as a formula is escaped.
        using var csv = CsvWriter.Create(stream, new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true }, leaveOpen: true);
        csv.WriteRecord([.. columns]);
        foreach (var row in rows) csv.WriteRecord([.. columns.Select(c => row.GetValueOrDefault(c))]);
        csv.Flush();
    }

    /// <summary>The section's rows, each as column → text, read through the EF model (scalar properties only).</summary>
    private async Task<(List<string> Columns, List<Dictionary<string, string?>> Rows)> ReadAsync(ExportSection section, Guid userId, CancellationToken ct)
    {
        var entity = db.Model.FindEntityType(section.Entity) ?? throw new InvalidOperationException($"{section.Entity} is not in the model.");
        var properties = entity.GetProperties()
            .Where(p => p.PropertyInfo is not null && p.ClrType != typeof(byte[]) && !NeverExported.Contains(p.Name) && !section.LeaveOutColumns.Contains(p.Name))
            .ToList();
        var read = typeof(PersonalDataExport).GetMethod(nameof(RowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(section.Entity);
        var items = await (Task<List<object>>)read.Invoke(this, [section.PersonProperty, userId, ct])!;
        var rows = items.Select(item => properties.ToDictionary(p => p.Name, p => Format(p.PropertyInfo!.GetValue(item)))).ToList();
        return ([.. properties.Select(p => p.Name)], rows);
    }

    private async Task<List<object>> RowsAsync<T>(string property, Guid userId, CancellationToken ct) where T : class =>
        [.. await db.Set<T>().AsNoTracking().Where(e => EF.Property<Guid?>(e, property) == userId).ToListAsync(ct)];

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateTimeOffset d => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => string.Join("; ", e.Cast<object?>().Select(Format)),
        _ => value.ToString(),
    };
}
