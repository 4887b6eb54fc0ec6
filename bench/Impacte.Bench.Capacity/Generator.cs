using System.Diagnostics;
using System.Security.Cryptography;
using Impacte.Domain.Questions;
using Npgsql;
using NpgsqlTypes;

namespace Impacte.Bench.Capacity;

/// <summary>
/// A national-scale network on top of the demo network (which a fresh database got from <c>seed</c>): practices,
/// members, questions with votes and history, meetings with agendas, RSVPs and attendance, practice changes with
/// teams, history and monthly measures, appraisals, papers and an audit trail. Every table is written with
/// PostgreSQL's binary COPY (Npgsql's importer), rows composed here with the domain's own text rules
/// (<see cref="QuestionText"/>) and shapes (statuses, time zones, measure periods). The demo practices count among
/// the practices, so the demo GP's practice is as full as any.
/// </summary>
public sealed class Generator(NpgsqlConnection c, double scale)
{
    private readonly Random random = new(13);
    private readonly DateTimeOffset now = new(DateTime.UtcNow.Date.AddHours(6), TimeSpan.Zero);
    private readonly Stopwatch total = Stopwatch.StartNew();

    private Guid[] clubs = [];
    private Guid[][] members = [];          // by club
    private List<Guid>[] clubQuestions = []; // by club, newest last
    private string passwordHash = "";

    private int N(int full) => Math.Max(1, (int)(full * scale));

    public async Task RunAsync()
    {
        await Exec("SET maintenance_work_mem = '256MB'"); // for the index builds after each load
        await ClubsAndMembersAsync(N(7_000), N(100_000));
        await QuestionsAsync(N(1_000_000));
        await MeetingsAsync(24);
        await ChangesAsync(N(100_000));
        await AppraisalsAndPapersAsync();
        await AuditAsync(N(200_000));
        await Step("ANALYZE", async () => await Exec("ANALYZE"));
        Console.WriteLine($"generated in {total.Elapsed.TotalSeconds:F0} s");
    }

    private async Task ClubsAndMembersAsync(int clubCount, int memberCount)
    {
        var demoClubs = await Ids("SELECT id FROM clubs ORDER BY created_at, id");
        passwordHash = (string)(await new NpgsqlCommand("SELECT password_hash FROM users WHERE email = 'gp@example.org'", c).ExecuteScalarAsync())!;
        string[] zones = ["Europe/London", "Europe/London", "Europe/London", "Europe/London", "Europe/Belfast", "Europe/Jersey", "Europe/Isle_of_Man"];
        string[] towns = ["Leeds", "Bristol", "Derby", "Truro", "Carlisle", "Ipswich", "Hull", "Wigan", "Bangor", "Newry", "Oban", "Ely", "Rye", "Bath"];
        var newClubs = Enumerable.Range(0, clubCount - demoClubs.Count).Select(_ => Guid.CreateVersion7()).ToArray();
        await Step($"clubs {clubCount:N0}", () => Copy("clubs", ["id", "name", "ods_code", "time_zone", "created_at"],
            newClubs.Select((id, i) => Row(id, $"{towns[i % towns.Length]} Practice {i + 1:D4}", $"Y{i + 10000:D5}", zones[i % zones.Length], Ago(900)))));
        clubs = [.. demoClubs, .. newClubs];

        string[] first = ["Amelia", "Oliver", "Priya", "Mohammed", "Grace", "Jack", "Aisha", "Thomas", "Sofia", "Harry", "Chloe", "Daniel", "Fatima", "Owen", "Ruth"];
        string[] last = ["Smith", "Jones", "Patel", "Williams", "Brown", "Khan", "Taylor", "Davies", "Evans", "Wilson", "Okafor", "Thomas", "Roberts", "Walker", "Hughes", "Ali"];
        string[] professions = ["GP", "GP", "GP", "Practice nurse", "Clinical pharmacist", "GP registrar", "Advanced nurse practitioner", "Physician associate",
            "Healthcare assistant", "Practice manager", "Patient/public representative"];
        var users = Enumerable.Range(0, memberCount).Select(_ => Guid.CreateVersion7()).ToArray();
        await Step($"users {memberCount:N0}", () => Copy("users",
            ["id", "name", "email", "normalized_email", "user_name", "normalized_user_name", "email_confirmed", "password_hash", "security_stamp",
             "concurrency_stamp", "phone_number_confirmed", "two_factor_enabled", "lockout_enabled", "access_failed_count", "profession", "created_at"],
            users.Select((id, i) =>
            {
                var email = $"member{i + 1}@capacity.example.org";
                return Row(id, $"{first[i % first.Length]} {last[i / first.Length % last.Length]}", email, email.ToUpperInvariant(), email,
                    email.ToUpperInvariant(), true, passwordHash, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), Guid.NewGuid().ToString(),
                    false, false, true, 0, professions[i % professions.Length], Ago(900));
            })));

        // Member i belongs to practice i mod clubs; each practice's first member leads it.
        members = new Guid[clubs.Length][];
        var byClub = users.Select((id, i) => (id, i)).GroupBy(x => x.i % clubs.Length).ToDictionary(g => g.Key, g => g.Select(x => x.id).ToArray());
        for (var k = 0; k < clubs.Length; k++) members[k] = byClub.GetValueOrDefault(k) ?? [];
        var demoMembers = await Pairs("SELECT club_id, user_id FROM memberships");
        await Step($"memberships {memberCount:N0}", () => Copy("memberships", ["club_id", "user_id", "role", "is_public_representative", "joined_at"],
            users.Select((id, i) => Row(clubs[i % clubs.Length], id, i < clubs.Length && i >= demoClubs.Count ? "Lead" : "Member",
                professions[i % professions.Length] == "Patient/public representative", Ago(800)))));
        // The demo people stay members of their practices too (they sign in for the timings).
        for (var k = 0; k < clubs.Length; k++)
            members[k] = [.. members[k], .. demoMembers.Where(p => p.Club == clubs[k]).Select(p => p.User)];
    }

    private async Task QuestionsAsync(int count)
    {
        string[] statuses = ["Proposed", "Proposed", "Proposed", "Proposed", "Proposed", "Proposed", "Proposed", "Accepted", "Accepted", "Searching",
            "Appraised", "Scheduled", "Discussed", "Answered", "Answered", "Answered", "Answered", "Declined", "Withdrawn", "Duplicate"];
        var types = Enum.GetValues<QuestionType>();
        var areas = Enum.GetValues<ClinicalArea>();
        string[] urgencies = ["Routine", "Routine", "Routine", "Soon", "Urgent"];
        clubQuestions = clubs.Select(_ => new List<Guid>()).ToArray();
        var ids = new Guid[count];
        var status = new string[count];
        var club = new int[count];
        var created = new DateTimeOffset[count];
        for (var i = 0; i < count; i++)
        {
            created[i] = now.AddMinutes(-(count - i) * (3.0 * 365 * 24 * 60 / count)); // three years, oldest first
            ids[i] = Guid.CreateVersion7(created[i]);
            club[i] = random.Next(clubs.Length);
            status[i] = statuses[random.Next(statuses.Length)];
            clubQuestions[club[i]].Add(ids[i]);
        }
        // The search-words trigger runs per row; off for the load, then the migration's own set-based fill.
        await Exec("ALTER TABLE questions DISABLE TRIGGER questions_search_words");
        await Step($"questions {count:N0}", () => Copy("questions",
            ["id", "club_id", "proposer_id", "population", "intervention", "comparison", "outcome", "type", "urgency", "trigger", "area",
             "title", "sentence", "status", "duplicate_of_id", "bottom_line", "created_at", "updated_at", "status_changed_at"],
            Enumerable.Range(0, count).Select(i =>
            {
                var type = types[random.Next(types.Length)];
                var p = Corpus.Populations[random.Next(Corpus.Populations.Length)];
                var iv = Corpus.Interventions[random.Next(Corpus.Interventions.Length)];
                var cmp = random.Next(3) == 0 ? null : Corpus.Comparisons[random.Next(Corpus.Comparisons.Length)];
                var o = Corpus.Outcomes[random.Next(Corpus.Outcomes.Length)];
                var text = QuestionText.Compose(type, p, iv, cmp, o);
                var duplicateOf = status[i] == "Duplicate" && i > 0 ? ids[random.Next(i)] : (Guid?)null;
                return Row(ids[i], clubs[club[i]], Pick(members[club[i]]), p, iv, cmp, o, type.ToString(), urgencies[random.Next(urgencies.Length)],
                    random.Next(4) == 0 ? "A patient asked about it in surgery this week." : null, random.Next(6) == 0 ? null : areas[random.Next(areas.Length)].ToString(),
                    text.Title, text.Sentence, duplicateOf is null && status[i] == "Duplicate" ? "Proposed" : status[i], duplicateOf,
                    status[i] == "Answered" ? $"Our practice will offer {iv} where it fits; the evidence is moderate." : null, created[i], created[i].AddDays(random.Next(30)),
                    status[i] == "Proposed" ? created[i] : created[i].AddDays(3)); // as the transition below
            })));
        await Exec("ALTER TABLE questions ENABLE TRIGGER questions_search_words");
        await Step("search words", () => Exec("""
            INSERT INTO search_words (word)
            SELECT DISTINCT w
            FROM questions q,
                 regexp_split_to_table(lower(concat_ws(' ', q.population, q.intervention, q.comparison, q.outcome, q.trigger)), '[^[:alnum:]]+') w
            WHERE length(w) BETWEEN 3 AND 40
            ON CONFLICT DO NOTHING
            """));

        // Votes on open questions from the practice's members; history for every question that moved on.
        await Step("question votes", () => Copy("question_votes", ["question_id", "user_id", "created_at"],
            Enumerable.Range(0, count).Where(i => status[i] is "Proposed" or "Accepted").SelectMany(i =>
                members[club[i]].OrderBy(_ => random.Next()).Take(random.Next(5)).Select(u => Row(ids[i], u, created[i].AddDays(1))))));
        await Step("question askers", () => Copy("question_askers", ["question_id", "user_id", "created_at"],
            Enumerable.Range(0, count).Where(i => random.Next(5) == 0).SelectMany(i =>
                members[club[i]].OrderBy(_ => random.Next()).Take(1 + random.Next(2)).Select(u => Row(ids[i], u, created[i].AddDays(2))))));
        await Step("question transitions", () => Copy("question_transitions", ["id", "question_id", "from_status", "to_status", "by_id", "at", "reason"],
            Enumerable.Range(0, count).Where(i => status[i] != "Proposed").Select(i =>
                Row(Guid.CreateVersion7(created[i].AddDays(3)), ids[i], "Proposed", status[i], Pick(members[club[i]]), created[i].AddDays(3),
                    status[i] is "Declined" or "Withdrawn" ? "Not one for us this year." : null))));
        questionStatus = ids.Zip(status).ToDictionary(x => x.First, x => x.Second);
    }

    private Dictionary<Guid, string> questionStatus = [];

    private async Task MeetingsAsync(int perClub)
    {
        // Monthly, on a weekday lunchtime: the last perClub - 4 in the past (packs sent, attendance taken), 4 to come.
        var meetings = new List<(Guid Id, int Club, DateTimeOffset Starts)>();
        for (var k = 0; k < clubs.Length; k++)
        {
            var first = now.Date.AddMonths(-(perClub - 4)).AddDays(random.Next(28)).AddHours(12).AddMinutes(30);
            for (var m = 0; m < perClub; m++)
                meetings.Add((Guid.CreateVersion7(), k, new DateTimeOffset(first.AddMonths(m), TimeSpan.Zero)));
        }
        await Step($"meetings {meetings.Count:N0}", () => Copy("meetings",
            ["id", "club_id", "starts_at", "ends_at", "location", "status", "sequence", "pack_sent_at", "notified_sequence", "reminder_sent_at", "minutes",
             "rsvp_key", "created_at", "cancelled_at", "cancel_reason"],
            meetings.Select(x =>
            {
                var past = x.Starts < now;
                var cancelled = random.Next(40) == 0;
                return Row(x.Id, clubs[x.Club], x.Starts, x.Starts.AddHours(1), "Seminar room", cancelled ? "Cancelled" : "Scheduled", cancelled ? 1 : 0,
                    past ? x.Starts.AddDays(-7) : null, past ? 0 : null, past ? x.Starts.AddDays(-1) : null,
                    past && !cancelled ? "We read the evidence together and agreed what to change." : null, RandomNumberGenerator.GetBytes(32),
                    x.Starts.AddDays(-40), cancelled ? x.Starts.AddDays(-3) : null, cancelled ? "Clinical pressures" : null);
            })));
        // Two items a meeting, each presented by one member (agenda_item_presenters: up to four, one is the common case).
        var items = meetings.SelectMany(x => clubQuestions[x.Club].OrderBy(_ => random.Next()).Take(2)
            .Select((q, p) => (Id: Guid.CreateVersion7(), Meeting: x.Id, Question: q, Position: p, Presenter: Pick(members[x.Club]), Past: x.Starts < now))).ToList();
        await Step("agenda items", () => Copy("agenda_items", ["id", "meeting_id", "question_id", "position", "outcome"],
            items.Select(i => Row(i.Id, i.Meeting, i.Question, i.Position, i.Past ? "Agreed to change practice." : null))));
        await Step("agenda presenters", () => Copy("agenda_item_presenters", ["agenda_item_id", "user_id", "position"],
            items.Select(i => Row(i.Id, i.Presenter, 0))));
        string[] responses = ["Yes", "Yes", "Yes", "Maybe", "No"];
        await Step("rsvps", () => Copy("meeting_rsvps", ["meeting_id", "user_id", "response", "for_starts_at", "responded_at"],
            meetings.SelectMany(x => members[x.Club].Where(_ => random.Next(2) == 0).Select(u =>
                Row(x.Id, u, responses[random.Next(responses.Length)], x.Starts, x.Starts.AddDays(-5))))));
        await Step("attendance", () => Copy("meeting_attendance", ["meeting_id", "user_id", "recorded_at"],
            meetings.Where(x => x.Starts < now).SelectMany(x => members[x.Club].Where(_ => random.Next(3) == 0).Select(u => Row(x.Id, u, x.Starts.AddHours(1))))));
    }

    private async Task ChangesAsync(int count)
    {
        string[] statuses = ["Agreed", "InProgress", "InProgress", "Implemented", "Implemented", "Sustained", "Abandoned"];
        string[] titles = ["Review anticoagulation in atrial fibrillation", "Offer a statin for primary prevention", "Check inhaler technique at every asthma review",
            "Three days of nitrofurantoin for lower UTI", "SGLT2 inhibitors in type 2 diabetes with CKD", "Structured medication review in frailty",
            "Review sertraline at six weeks", "Exercise first for knee osteoarthritis"];
        var changes = new List<(Guid Id, int Club, string Status, DateTimeOffset Created, Guid Owner)>(count);
        for (var i = 0; i < count; i++)
        {
            var k = random.Next(clubs.Length);
            var created = now.AddMinutes(-random.Next(2 * 365 * 24 * 60));
            changes.Add((Guid.CreateVersion7(created), k, statuses[random.Next(statuses.Length)], created, Pick(members[k])));
        }
        await Step($"practice changes {count:N0}", () => Copy("practice_changes",
            ["id", "club_id", "owner_id", "created_by_id", "question_id", "title", "description", "due_on", "status", "implemented_at", "chase_key",
             "what_did_not_work", "how_it_made_a_difference", "abandon_reason", "created_at", "updated_at"],
            changes.Select((x, i) =>
            {
                var done = x.Status is "Implemented" or "Sustained";
                var question = clubQuestions[x.Club].Count > 0 && random.Next(10) > 0 ? clubQuestions[x.Club][random.Next(clubQuestions[x.Club].Count)] : (Guid?)null;
                var title = titles[i % titles.Length];
                return Row(x.Id, clubs[x.Club], x.Owner, x.Owner, question, $"{title} ({i + 1})", $"{title}: agreed at the journal club; the team runs a search monthly.",
                    DateOnly.FromDateTime(x.Created.UtcDateTime.AddDays(90)), x.Status, done ? x.Created.AddDays(60) : null, RandomNumberGenerator.GetBytes(32),
                    done ? "The first search missed people coded differently." : null, done ? "Reading the evidence together gave the nurses confidence." : null,
                    x.Status == "Abandoned" ? "The practice merged and the register moved." : null, x.Created, x.Created.AddDays(random.Next(60)));
            })));
        await Step("change teams", () => Copy("practice_change_team", ["change_id", "user_id"],
            changes.SelectMany(x => members[x.Club].Where(u => u != x.Owner).OrderBy(_ => random.Next()).Take(random.Next(3)).Select(u => Row(x.Id, u)))));
        await Step("change history", () => Copy("practice_change_history", ["id", "change_id", "kind", "from_status", "to_status", "by_id", "at"],
            changes.SelectMany(x => x.Status == "Agreed"
                ? new[] { Row(Guid.CreateVersion7(x.Created), x.Id, "Created", null, "Agreed", x.Owner, x.Created) }
                : [Row(Guid.CreateVersion7(x.Created), x.Id, "Created", null, "Agreed", x.Owner, x.Created),
                   Row(Guid.CreateVersion7(x.Created.AddDays(7)), x.Id, "Transition", "Agreed", x.Status, x.Owner, x.Created.AddDays(7))])));

        // Every change under way or done is measured monthly: 25 points each, better after the first 12, so charts show signals.
        var measured = changes.Where(x => x.Status != "Agreed").Take(N(2_000_000) / 25).ToList();
        var measures = measured.Select(x => (Id: Guid.CreateVersion7(x.Created), Change: x)).ToList();
        await Step($"measures {measures.Count:N0}", () => Copy("measures",
            ["id", "change_id", "name", "numerator_definition", "denominator_definition", "period", "direction", "chart_preference", "baseline_points",
             "standard_percent", "created_by_id", "created_at", "updated_at"],
            measures.Select(m => Row(m.Id, m.Change.Id, "People offered it", "Offered it in the month", "Eligible on the register", "Month", "Up",
                "Automatic", 12, random.Next(3) == 0 ? 80m : null, m.Change.Owner, m.Change.Created, m.Change.Created))));
        await Step("measure baselines", () => Copy("measure_baselines", ["id", "measure_id", "points", "at", "by_id"],
            measures.Select(m => Row(Guid.CreateVersion7(), m.Id, 12, m.Change.Created, m.Change.Owner))));
        await Step($"measurements {measures.Count * 25:N0}", () => Copy("measurements",
            ["id", "measure_id", "period", "ordinal", "numerator", "denominator", "entered_at", "entered_by_id", "updated_at"],
            measures.SelectMany(m =>
            {
                var start = m.Change.Created.Year * 12 + m.Change.Created.Month - 1 - 12;
                return Enumerable.Range(0, 25).Select(p =>
                {
                    var ordinal = start + p;
                    var denominator = 80 + random.Next(40);
                    var numerator = Math.Min(denominator, denominator * (p < 12 ? 40 : 65) / 100 + random.Next(10));
                    var entered = m.Change.Created.AddDays(p * 3);
                    return Row(Guid.CreateVersion7(entered), m.Id, $"{ordinal / 12:D4}-{ordinal % 12 + 1:D2}", ordinal, (decimal)numerator, (decimal)denominator,
                        entered, m.Change.Owner, entered);
                });
            })));
    }

    private async Task AppraisalsAndPapersAsync()
    {
        // A critically appraised topic for a quarter of the questions that reached appraisal; two papers each.
        string[] designs = ["SystematicReview", "RandomisedControlledTrial", "Cohort", "DiagnosticAccuracy"];
        string[] grades = ["High", "Moderate", "Moderate", "Low", "VeryLow"];
        var librarians = await Ids("SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.name = 'librarian'");
        var appraised = questionStatus.Where(q => q.Value is "Appraised" or "Scheduled" or "Discussed" or "Answered" && random.Next(4) == 0).ToList();
        var appraisals = appraised.Select(q => (Id: Guid.CreateVersion7(), Question: q.Key, Published: q.Value is "Answered" or "Discussed")).ToList();
        await Step($"appraisals {appraisals.Count:N0}", () => Copy("appraisals",
            ["id", "question_id", "study_design", "status", "author_id", "checked_by_id", "evidence_level", "grade", "bottom_line", "narrative", "review_by",
             "created_at", "updated_at", "submitted_at", "published_at"],
            appraisals.Select(a => Row(a.Id, a.Question, designs[random.Next(designs.Length)], a.Published ? "Published" : "Draft", Pick(librarians),
                a.Published ? Pick(librarians) : null, 1 + random.Next(4), grades[random.Next(grades.Length)],
                "Moderate-certainty evidence of a small benefit; discuss with the patient.", "The review pooled eight trials in primary care.",
                DateOnly.FromDateTime(now.UtcDateTime.AddYears(2)), Ago(400), Ago(300), a.Published ? Ago(300) : null, a.Published ? Ago(290) : null))));
        var papers = Enumerable.Range(0, appraisals.Count * 2).Select(_ => Guid.CreateVersion7()).ToArray();
        await Step($"papers {papers.Length:N0}", () => Copy("papers", ["id", "title", "authors", "title_key", "journal", "year", "doi", "pmid", "abstract", "created_at"],
            papers.Select((id, i) =>
            {
                var title = $"{Corpus.Interventions[i % Corpus.Interventions.Length]} for {Corpus.Populations[i % Corpus.Populations.Length]}: a randomised trial ({i})";
                return Row(id, title, new[] { "Patel A", "Jones B", "Okafor C" }, title.ToLowerInvariant(), "Br J Gen Pract", 2000 + i % 26, $"10.1000/capacity.{i}", $"{30000000 + i}",
                    "Background: common in primary care. Methods: pragmatic trial. Results: a modest benefit.", Ago(400));
            })));
        await Step("question papers", () => Copy("question_papers", ["question_id", "paper_id", "added_at"],
            appraisals.SelectMany((a, i) => new[] { Row(a.Question, papers[2 * i], Ago(350)), Row(a.Question, papers[2 * i + 1], Ago(350)) })));
        await Step("appraisal papers", () => Copy("appraisal_papers", ["appraisal_id", "paper_id", "position", "study_type", "population"],
            appraisals.SelectMany((a, i) => new[] { Row(a.Id, papers[2 * i], 0, "RCT", "Adults in primary care"), Row(a.Id, papers[2 * i + 1], 1, "Cohort", null) })));
    }

    private async Task AuditAsync(int count)
    {
        var admins = await Ids("SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.name = 'admin'");
        string[] actions = ["admin.signed-in", "membership.joined", "invitation.sent", "club.settings-changed", "membership.removed", "job.triggered"];
        await Step($"audit events {count:N0}", () => Copy("audit_events", ["id", "at", "actor_id", "action", "target_type", "target_id", "before", "after", "ip"],
            Enumerable.Range(0, count).Select(i =>
            {
                var at = now.AddMinutes(-(count - i) * (2.0 * 365 * 24 * 60 / count));
                var action = actions[random.Next(actions.Length)];
                var k = random.Next(clubs.Length);
                var (type, target) = action switch
                {
                    "admin.signed-in" => ("person", Pick(admins)),
                    "membership.joined" or "membership.removed" => ("person", Pick(members[k])),
                    "job.triggered" => ("job", Guid.Empty),
                    _ => ("club", clubs[k]),
                };
                return Row(Guid.CreateVersion7(at), at, Pick(admins), action, type, target, null, action == "membership.joined" ? "Member" : null, "10.0.0.1");
            })));
    }

    private Guid Pick(IReadOnlyList<Guid> ids) => ids[random.Next(ids.Count)];
    private DateTimeOffset Ago(int days) => now.AddDays(-random.Next(days));
    private static object?[] Row(params object?[] values) => values;

    private async Task Step(string name, Func<Task> step)
    {
        var watch = Stopwatch.StartNew();
        await step();
        Console.WriteLine($"  {name,-28} {watch.Elapsed.TotalSeconds,7:F1} s");
    }

    private async Task Exec(string sql)
    {
        await using var command = new NpgsqlCommand(sql, c) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<Guid>> Ids(string sql)
    {
        var ids = new List<Guid>();
        await using var reader = await new NpgsqlCommand(sql, c).ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private async Task<List<(Guid Club, Guid User)>> Pairs(string sql)
    {
        var pairs = new List<(Guid, Guid)>();
        await using var reader = await new NpgsqlCommand(sql, c).ExecuteReaderAsync();
        while (await reader.ReadAsync()) pairs.Add((reader.GetGuid(0), reader.GetGuid(1)));
        return pairs;
    }

    /// <summary>
    /// One binary COPY; each value's PostgreSQL type follows from its .NET type. Indexes that back no constraint are
    /// dropped for the load and built again after it (one sort each instead of a million insertions), as a restore does.
    /// </summary>
    private async Task Copy(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        var indexes = new List<(string Name, string Definition)>();
        await using (var reader = await new NpgsqlCommand($"""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = 'public' AND i.tablename = '{table}'
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = (quote_ident(i.indexname))::regclass)
            """, c).ExecuteReaderAsync())
            while (await reader.ReadAsync()) indexes.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (name, _) in indexes) await Exec($"DROP INDEX {name}");
        await CopyRowsAsync(table, columns, rows);
        foreach (var (_, definition) in indexes) await Exec(definition);
    }

    private async Task CopyRowsAsync(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        await using var import = await c.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await import.StartRowAsync();
            foreach (var value in row)
                switch (value)
                {
                    case null: await import.WriteNullAsync(); break;
                    case Guid g: await import.WriteAsync(g, NpgsqlDbType.Uuid); break;
                    case string s: await import.WriteAsync(s, NpgsqlDbType.Text); break;
                    case int n: await import.WriteAsync(n, NpgsqlDbType.Integer); break;
                    case bool b: await import.WriteAsync(b, NpgsqlDbType.Boolean); break;
                    case decimal d: await import.WriteAsync(d, NpgsqlDbType.Numeric); break;
                    case DateTimeOffset t: await import.WriteAsync(t.ToUniversalTime(), NpgsqlDbType.TimestampTz); break;
                    case DateOnly d: await import.WriteAsync(d, NpgsqlDbType.Date); break;
                    case byte[] bytes: await import.WriteAsync(bytes, NpgsqlDbType.Bytea); break;
                    case string[] texts: await import.WriteAsync(texts, NpgsqlDbType.Array | NpgsqlDbType.Text); break;
                    default: throw new NotSupportedException(value.GetType().Name);
                }
        }
        await import.CompleteAsync();
    }
}
