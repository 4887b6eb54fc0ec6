using Impacte.Domain.Questions;
using Impacte.Testing;
using Npgsql;

namespace Impacte.Api.Tests.Questions;

/// <summary>
/// Similar-question lookup forgives what GPs type: misspellings ("apixiban"), abbreviations ("AF", "T2DM") and brand
/// names ("Eliquis"). Recall is measured on 50 typo'd and abbreviated queries against a network of 30 questions.
/// </summary>
public sealed class ForgivingSearchTests : IAsyncLifetime
{
    /// <summary>Key, population, intervention, comparison, outcome: the key is written into the title to find it by.</summary>
    private static readonly (string Key, string P, string I, string? C, string O)[] Network =
    [
        ("Q01", "adults with atrial fibrillation and low body weight", "reduced-dose apixaban", "standard-dose apixaban", "stroke and major bleeding"),
        ("Q02", "older adults with atrial fibrillation", "rivaroxaban", "warfarin", "intracranial haemorrhage"),
        ("Q03", "adults with type 2 diabetes", "metformin", "sulfonylurea", "HbA1c at 12 months"),
        ("Q04", "adults with type 2 diabetes and chronic kidney disease", "dapagliflozin", "placebo", "progression to dialysis"),
        ("Q05", "people with chronic obstructive pulmonary disease", "pulmonary rehabilitation", null, "hospital admission for exacerbations"),
        ("Q06", "adults with COPD", "inhaled corticosteroids", "long-acting bronchodilators alone", "pneumonia"),
        ("Q07", "people over 75 with no history of heart disease", "atorvastatin", "no statin", "heart attacks and strokes"),
        ("Q08", "adults with hypertension", "amlodipine", "ramipril", "blood pressure control"),
        ("Q09", "adults with depression in primary care", "sertraline", "citalopram", "remission at 12 weeks"),
        ("Q10", "women with uncomplicated lower urinary tract infection", "three days of nitrofurantoin", "seven days of nitrofurantoin", "clinical cure"),
        ("Q11", "adults with knee osteoarthritis", "exercise therapy", "intra-articular corticosteroid injection", "pain and function"),
        ("Q12", "older adults with chronic pain", "gabapentin with opioids", "opioids alone", "respiratory depression"),
        ("Q13", "adults with heart failure with reduced ejection fraction", "empagliflozin", null, "cardiovascular death"),
        ("Q14", "adults with gout", "allopurinol", "febuxostat", "flares"),
        ("Q15", "adults with dyspepsia", "omeprazole", "lansoprazole", "symptom relief"),
        ("Q16", "children with asthma", "salbutamol via spacer", "nebulised salbutamol", "admission"),
        ("Q17", "adults with neuropathic pain", "pregabalin", "amitriptyline", "pain relief"),
        ("Q18", "men with benign prostatic hyperplasia", "tamsulosin", "finasteride", "urinary symptoms"),
        ("Q19", "adults with hypothyroidism", "levothyroxine", null, "quality of life"),
        ("Q20", "menopausal women", "hormone replacement therapy", "no treatment", "breast cancer"),
        ("Q21", "adults with obesity", "semaglutide", "lifestyle advice", "weight loss"),
        ("Q22", "adults after myocardial infarction", "clopidogrel", "aspirin", "recurrent events"),
        ("Q23", "adults with irritable bowel syndrome", "peppermint oil", "placebo", "abdominal pain"),
        ("Q24", "adults with acute low back pain", "naproxen", "paracetamol", "pain at one week"),
        ("Q25", "adults with venous leg ulcers", "compression bandaging", "no compression", "ulcer healing"),
        ("Q26", "adults with suspected heart failure", "NT-proBNP testing", null, "heart failure on echocardiography"),
        ("Q27", "adults aged 65 and over", "high-dose influenza vaccine", "standard-dose influenza vaccine", "hospital admission for pneumonia"),
        ("Q28", "adults with deep vein thrombosis", "edoxaban", "dalteparin", "recurrent venous thromboembolism"),
        ("Q29", "adults with gastro-oesophageal reflux disease", "esomeprazole", "ranitidine", "heartburn free days"),
        ("Q30", "children with attention deficit hyperactivity disorder", "methylphenidate", "behavioural therapy", "school performance"),
    ];

    /// <summary>What a GP might type, and the question they are after.</summary>
    public static readonly (string Query, string Key)[] Queries =
    [
        ("apixiban", "Q01"), ("AF anticoagulation", "Q01"), ("apixaban AF", "Q01"), ("eliquis low weight", "Q01"),
        ("apixban dose", "Q01"), ("rivaroxiban warfarin", "Q02"), ("xarelto AF", "Q02"), ("DOAC atrial fibrilation", "Q02"),
        ("metformim T2DM", "Q03"), ("glucophage HbA1c", "Q03"), ("T2DM sulphonylurea", "Q03"), ("HbA1c metfromin", "Q03"),
        ("dapaglifozin CKD", "Q04"), ("forxiga kidney", "Q04"), ("SGLT2 inhibitor T2DM CKD dialysis", "Q04"),
        ("COPD pulmonery rehab", "Q05"), ("pulmonary rehabilitaion", "Q05"), ("COPD inhaled steroids pneumonia", "Q06"),
        ("ICS pneumonia", "Q06"), ("atorvastatin over 75", "Q07"), ("lipitor elderly heart attack", "Q07"),
        ("atorvastain", "Q07"), ("HTN amlodipine", "Q08"), ("amlodipene ramipril", "Q08"), ("istin high blood pressure", "Q08"),
        ("setraline depression", "Q09"), ("lustral citalopram", "Q09"), ("UTI nitrofurantion", "Q10"),
        ("nitrofurantoin 3 days UTI", "Q10"), ("knee OA exercise", "Q11"), ("osteoarthritis knee injection", "Q11"),
        ("gabapentin opiods", "Q12"), ("neurontin opioids", "Q12"), ("HF empagliflozin", "Q13"),
        ("empaglifozin heart failure", "Q13"), ("allopurinal gout", "Q14"), ("zyloric febuxostat", "Q14"),
        ("omeprazol dyspepsia", "Q15"), ("losec lansoprazole", "Q15"), ("ventolin spacer asthma", "Q16"),
        ("salbutamole nebuliser", "Q16"), ("pregablin neuropathic", "Q17"), ("BPH tamsulosin", "Q18"),
        ("levothyroxin hypothyroid", "Q19"), ("HRT breast cancer", "Q20"), ("ozempic weight", "Q21"),
        ("MI clopidogrel", "Q22"), ("IBS peppermint", "Q23"), ("DVT edoxaban", "Q28"), ("GORD esomeprazole", "Q29"),
    ];

    private TestDatabase database = null!;
    private QuestionReader reader = null!;

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        var clubId = Guid.NewGuid();
        var userId = Guid.NewGuid();
        await using var connection = await OpenAsync();
        await using (var setup = new NpgsqlCommand("""
            INSERT INTO clubs (id, name, ods_code, time_zone, created_at) VALUES (@club, 'Search club', 'S00001', 'Europe/London', now());
            INSERT INTO users (id, name, created_at, email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
                VALUES (@user, 'Search person', now(), true, false, false, false, 0);
            INSERT INTO memberships (club_id, user_id, role, is_public_representative, joined_at) VALUES (@club, @user, 'Member', false, now());
            """, connection))
        {
            setup.Parameters.AddWithValue("club", clubId);
            setup.Parameters.AddWithValue("user", userId);
            await setup.ExecuteNonQueryAsync();
        }
        foreach (var (key, p, i, c, o) in Network)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO questions (id, club_id, proposer_id, population, intervention, comparison, outcome, type, urgency,
                                       title, sentence, status, created_at, updated_at)
                VALUES (gen_random_uuid(), @club, @user, @p, @i, @c, @o, 'Therapy', 'Routine', @title, @title, 'Proposed', now(), now())
                """, connection);
            insert.Parameters.AddWithValue("club", clubId);
            insert.Parameters.AddWithValue("user", userId);
            insert.Parameters.AddWithValue("p", p);
            insert.Parameters.AddWithValue("i", i);
            insert.Parameters.AddWithValue("c", (object?)c ?? DBNull.Value);
            insert.Parameters.AddWithValue("o", o);
            insert.Parameters.AddWithValue("title", $"{key}: {i} in {p}");
            await insert.ExecuteNonQueryAsync();
        }
        reader = new QuestionReader(userId, SeesAll: false);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private async Task<IReadOnlyList<SimilarQuestion>> SimilarAsync(string text)
    {
        await using var connection = await OpenAsync();
        return await QuestionQueries.SimilarAsync(connection, text, null, reader);
    }

    private static bool Finds(IReadOnlyList<SimilarQuestion> found, string key) => found.Any(f => f.Title.StartsWith(key + ":", StringComparison.Ordinal));

    [Fact]
    public async Task AMisspelledDrugFindsTheQuestionsAboutIt()
    {
        Assert.True(Finds(await SimilarAsync("apixiban"), "Q01"));
        Assert.True(Finds(await SimilarAsync("rivaroxiban warfarin"), "Q02"));
    }

    [Fact]
    public async Task AnAbbreviationFindsTheQuestionsThatSpellItOut()
    {
        Assert.True(Finds(await SimilarAsync("AF anticoagulation apixaban"), "Q01"));
        Assert.True(Finds(await SimilarAsync("COPD pulmonary rehabilitation"), "Q05"));
        // ... and the other way round: the question says "COPD", the GP types it out.
        Assert.True(Finds(await SimilarAsync("chronic obstructive pulmonary disease inhaled corticosteroids"), "Q06"));
    }

    [Fact]
    public async Task ABrandNameFindsTheQuestionsAboutItsGeneric()
    {
        Assert.True(Finds(await SimilarAsync("eliquis low body weight"), "Q01"));
        Assert.True(Finds(await SimilarAsync("lipitor heart attacks"), "Q07"));
    }

    [Fact]
    public async Task AWordNoQuestionUsesIsCorrectedToTheNearestOneSomeQuestionUses()
    {
        await using var connection = await OpenAsync();
        Assert.Equal(["apixaban", "af"], await QuestionQueries.CorrectAsync(connection, ["apixiban", "af"]));
        Assert.Equal(["zzzzqqq"], await QuestionQueries.CorrectAsync(connection, ["zzzzqqq"]));
    }

    [Fact]
    public async Task RecallOnFiftyTypoedAndAbbreviatedQueriesIsAtLeastTheMeasuredLevel()
    {
        var misses = new List<string>();
        foreach (var (query, key) in Queries)
            if (!Finds(await SimilarAsync(query), key)) misses.Add($"{query} -> {key}");
        var recall = 1.0 - (double)misses.Count / Queries.Length;
        TestContext.Current.TestOutputHelper?.WriteLine($"recall {recall:P0}; misses: {string.Join("; ", misses)}");
        Assert.Equal(50, Queries.Length);
        // Measured 50 of 50 on 2026-11-29 (the queries were written alongside the synonym list, so this is recall on
        // known ground, not a guarantee for new wording); two misses are allowed so a tuned threshold can move.
        Assert.True(recall >= 0.96, $"recall {recall:P0}; misses: {string.Join("; ", misses)}");
    }
}
