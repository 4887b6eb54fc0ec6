using System.Globalization;
using System.Text;

namespace Impacte.Domain.Questions;

/// <summary>
/// The clinical synonym and abbreviation list (clinical-synonyms.txt, with its sources) applied as query expansion:
/// a searched text becomes concepts, each a set of alternative phrases ("af" or "atrial fibrillation"). It is done
/// here rather than as a PostgreSQL synonym or thesaurus dictionary because those read files from the server's
/// tsearch_data directory, which only the server's owner (root) may write: the list would not travel with a
/// migration, and the test databases and every deployment would need a hand-copied file.
/// </summary>
public static class ClinicalTerms
{
    /// <summary>Each group's terms, each term as its words.</summary>
    private static readonly IReadOnlyList<(IReadOnlyList<string[]> Match, IReadOnlyList<string[]> Expansion)> Groups = Load();

    /// <summary>A term's first word to the groups' terms starting with it, longest first.</summary>
    private static readonly Dictionary<string, List<(string[] Words, IReadOnlyList<string[]> Group)>> ByFirstWord = Index();

    /// <summary>The words the list knows, so the spelling fallback leaves "eliquis" alone.</summary>
    public static IReadOnlySet<string> Vocabulary { get; } =
        Groups.SelectMany(g => g.Expansion).SelectMany(t => t).Select(Singular).ToHashSet(StringComparer.Ordinal);

    /// <summary>Lower-case words of the text: letters and digits, split at everything else ("HbA1c" stays one).</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c)) word.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            else if (word.Length > 0) { words.Add(word.ToString()); word.Clear(); }
        }
        if (word.Length > 0) words.Add(word.ToString());
        return words;
    }

    /// <summary>
    /// The text as concepts, in order: a run of words naming a listed term (longest match) becomes every phrase of its
    /// group; any other word stands for itself. Each concept is its phrases joined by '|', for QuestionQueries.
    /// </summary>
    public static IReadOnlyList<string> Concepts(IReadOnlyList<string> words)
    {
        var concepts = new List<string>();
        for (var i = 0; i < words.Count;)
        {
            var match = ByFirstWord.TryGetValue(Singular(words[i]), out var candidates)
                ? candidates.FirstOrDefault(c => Matches(words, i, c.Words))
                : default;
            if (match.Words is null)
            {
                concepts.Add(words[i]);
                i++;
                continue;
            }
            concepts.Add(string.Join('|', match.Group.Select(t => string.Join(' ', t))));
            i += match.Words.Length;
        }
        return concepts;
    }

    private static bool Matches(IReadOnlyList<string> words, int at, string[] term)
    {
        if (at + term.Length > words.Count) return false;
        for (var k = 0; k < term.Length; k++)
            if (Singular(words[at + k]) != Singular(term[k])) return false;
        return true;
    }

    /// <summary>"doacs" matches "doac"; words too short to carry a plural ("bps" aside) are left as they are.</summary>
    private static string Singular(string word) =>
        word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;

    /// <summary>
    /// Each line as the terms it matches and what they expand to: a " = " group matches and expands to all its terms;
    /// "broad &gt; narrow, narrower" matches the broad terms and adds the narrower ones (one way: "apixaban" does not
    /// mean every anticoagulant).
    /// </summary>
    private static List<(IReadOnlyList<string[]> Match, IReadOnlyList<string[]> Expansion)> Load()
    {
        using var stream = typeof(ClinicalTerms).Assembly.GetManifestResourceStream("Impacte.Domain.Questions.clinical-synonyms.txt")
            ?? throw new InvalidOperationException("clinical-synonyms.txt is not embedded.");
        using var reader = new StreamReader(stream);
        var groups = new List<(IReadOnlyList<string[]>, IReadOnlyList<string[]>)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line)) continue;
            var sides = line.Split(" > ");
            var match = Terms(sides[0], " = ");
            List<string[]> expansion = sides.Length > 1 ? [.. match, .. Terms(sides[1], ", ")] : match;
            if (expansion.Count < 2) throw new InvalidOperationException($"clinical-synonyms.txt: \"{line}\" has no synonym.");
            groups.Add((match, expansion));
        }
        return groups;
    }

    private static List<string[]> Terms(string list, string separator) =>
        list.Split(separator).Select(t => Words(t).ToArray()).Where(t => t.Length > 0).ToList();

    private static Dictionary<string, List<(string[] Words, IReadOnlyList<string[]> Group)>> Index()
    {
        var index = new Dictionary<string, List<(string[], IReadOnlyList<string[]>)>>(StringComparer.Ordinal);
        foreach (var (match, expansion) in Groups)
            foreach (var term in match)
            {
                var key = Singular(term[0]);
                if (!index.TryGetValue(key, out var list)) index[key] = list = [];
                list.Add((term, expansion));
            }
        foreach (var list in index.Values) list.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        return index;
    }
}
