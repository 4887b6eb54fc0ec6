using Impacte.Domain.Questions;

namespace Impacte.Bench;

/// <summary>
/// Realistic primary-care questions by the hundred thousand: PICO parts drawn from the conditions, treatments and
/// outcomes GPs meet, so titles share words the way a real network's do (many "adults with…", few "apixaban").
/// </summary>
public static class Corpus
{
    public static readonly string[] Populations =
    [
        "adults with type 2 diabetes", "adults with type 1 diabetes", "children with asthma", "adults with asthma",
        "older adults with frailty", "women with menopausal symptoms", "adults with hypertension", "people with COPD",
        "adults with depression", "adolescents with depression", "children with eczema", "adults with knee osteoarthritis",
        "people with atrial fibrillation", "adults with gout", "adults with chronic kidney disease", "people with heart failure",
        "adults with acute low back pain", "adults with chronic low back pain", "children with acute otitis media",
        "women with uncomplicated urinary tract infection", "pregnant women", "adults with obesity", "care home residents",
        "people with dementia", "adults with generalised anxiety disorder", "adults with insomnia", "adults with migraine",
        "children with fever", "adults with sore throat", "adults with plantar fasciitis", "adults with tennis elbow",
        "people with psoriasis", "adults with acne", "adults with irritable bowel syndrome", "adults with dyspepsia",
        "adults with rectal bleeding", "people with learning disabilities", "adults with alcohol dependence",
        "smokers wanting to quit", "adults with osteoporosis", "postmenopausal women", "adults with polymyalgia rheumatica",
        "adults with rheumatoid arthritis", "adults with hypothyroidism", "people with chronic pain", "adults with venous leg ulcers",
        "older people living alone", "children with constipation", "infants with colic", "adults with vertigo",
        "adults with carpal tunnel syndrome", "adults with shingles", "people with long COVID", "adults with sleep apnoea",
        "adults with peripheral arterial disease", "people after a stroke", "adults with stable angina", "people with epilepsy",
        "adults with bipolar disorder", "adults with schizophrenia", "men with lower urinary tract symptoms",
        "women with heavy menstrual bleeding", "women with polycystic ovary syndrome", "adults with non-alcoholic fatty liver disease",
    ];

    public static readonly string[] Interventions =
    [
        "statins", "SGLT2 inhibitors", "GLP-1 receptor agonists", "metformin", "insulin pumps", "inhaled corticosteroids",
        "montelukast", "exercise therapy", "physiotherapy", "cognitive behavioural therapy", "sertraline", "citalopram",
        "mirtazapine", "emollients", "topical corticosteroids", "home blood pressure monitoring", "ambulatory blood pressure monitoring",
        "apixaban", "rivaroxaban", "warfarin", "allopurinol", "colchicine", "NSAIDs", "paracetamol", "opioids", "gabapentin",
        "amitriptyline", "delayed antibiotic prescribing", "nitrofurantoin", "amoxicillin", "pulmonary rehabilitation",
        "vitamin D supplements", "social prescribing", "structured education", "telephone consultations", "video consultations",
        "corticosteroid injection", "acupuncture", "melatonin", "weight loss programmes", "bariatric surgery", "HRT",
        "transdermal oestrogen", "levothyroxine", "bisphosphonates", "compression therapy", "FeNO testing", "NT-proBNP testing",
        "faecal immunochemical testing", "point-of-care CRP testing", "spirometry", "dipstick urinalysis", "ultrasound scanning",
        "pharmacist-led medication review", "deprescribing", "falls prevention exercise", "smoking cessation support",
        "varenicline", "e-cigarettes", "brief alcohol interventions", "mindfulness", "sleep hygiene advice", "probiotics",
        "peppermint oil", "proton pump inhibitors", "low-dose aspirin", "beta blockers", "ACE inhibitors", "tamsulosin",
        "tranexamic acid", "the levonorgestrel intrauterine system", "triptans", "propranolol", "vestibular rehabilitation",
        "wrist splints", "antiviral treatment", "CPAP", "supervised exercise", "cardiac rehabilitation", "annual health checks",
    ];

    public static readonly string[] Comparisons =
    [
        "placebo", "usual care", "no treatment", "watchful waiting", "standard care", "immediate antibiotics", "paracetamol",
        "ibuprofen", "insulin", "sulfonylureas", "warfarin", "face-to-face consultations", "clinic blood pressure",
        "specialist referral", "oral treatment", "a shorter course", "a longer course", "physiotherapy", "surgery",
    ];

    public static readonly string[] Outcomes =
    [
        "hospital admission", "all-cause mortality", "cardiovascular events", "quality of life", "HbA1c", "falls", "fractures",
        "exacerbations", "pain and function", "stroke", "major bleeding", "remission", "relapse", "symptom duration",
        "return to work", "weight loss", "blood pressure control", "kidney function decline", "flares", "complications",
        "antibiotic use", "reconsultation", "patient satisfaction", "adherence", "sleep quality", "cognitive decline",
        "emergency department attendance", "diagnostic accuracy", "time to diagnosis", "healing", "recurrence",
        "smoking abstinence at six months", "alcohol consumption", "anxiety symptoms", "depressive symptoms", "itch",
        "lung function", "heart failure admissions", "venous thromboembolism", "infection", "loneliness", "costs",
    ];

    public static readonly QuestionType[] Types = Enum.GetValues<QuestionType>();

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>One question's parts: mostly therapy questions with a comparison, as in real journal clubs.</summary>
    public static (QuestionType Type, string P, string I, string? C, string O) Question(Random random)
    {
        var type = random.NextDouble() < 0.6 ? QuestionType.Therapy : random.Pick(Types);
        var comparison = random.NextDouble() < 0.55 ? random.Pick(Comparisons) : null;
        return (type, random.Pick(Populations), random.Pick(Interventions), comparison, random.Pick(Outcomes));
    }

    /// <summary>What a GP types into the similar-question box: a few words, or the whole question.</summary>
    public static string TypedText(Random random)
    {
        var (_, p, i, c, o) = Question(random);
        return random.Next(3) switch
        {
            0 => $"{i} {p.Split(" with ").Last()}",
            1 => $"{i} for {o} in {p}",
            _ => $"In {p}, does {i}{(c is null ? "" : $" compared with {c}")} reduce {o}?",
        };
    }

    /// <summary>What a person types into search: one to three clinical words.</summary>
    public static string SearchText(Random random)
    {
        var (_, p, i, _, o) = Question(random);
        return random.Next(3) switch
        {
            0 => i,
            1 => $"{i} {p.Split(' ').Last()}",
            _ => $"{o.Split(' ')[0]} {p.Split(' ').Last()}",
        };
    }
}
