using Impacte.Domain.Papers.Citations;
using NpgsqlTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Papers;

/// <summary>
/// One published paper, held once for the whole network however many questions and imports bring it in: its DOI and
/// PMID are unique, and imports link to an existing paper instead of creating it again.
/// </summary>
public sealed class Paper
{
    public const int MaxTitle = 2000, MaxShort = 100, MaxJournal = 500, MaxUrl = 2000, MaxDoi = 300, MaxKeywords = 4000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    public List<string> Authors { get; set; } = [];
    public string? Journal { get; set; }
    public int? Year { get; set; }
    public string? Volume { get; set; }
    public string? Issue { get; set; }
    public string? Pages { get; set; }
    /// <summary>Normalised by <see cref="CitationIdentifiers.NormaliseDoi"/>: lower-case, no resolver prefix.</summary>
    public string? Doi { get; set; }
    public string? Pmid { get; set; }
    public string? Abstract { get; set; }
    public string? Url { get; set; }
    public string? PublicationType { get; set; }
    /// <summary>The export's keywords and subject headings (MeSH, author keywords), joined by "; ".</summary>
    public string? Keywords { get; set; }
    /// <summary>The normalised title and year (<see cref="CitationKeys"/>): the weakest duplicate key, indexed.</summary>
    public required string TitleKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    /// <summary>
    /// Full-text index over title (weight A), keywords (B) and abstract (C), computed by PostgreSQL (a stored generated
    /// column), so paper search ranks a hit in the title above one in the abstract (<see cref="PaperSearch"/>).
    /// </summary>
    public NpgsqlTsVector SearchVector { get; private set; } = null!;

    /// <summary>The keywords as the export listed them.</summary>
    public IReadOnlyList<string> KeywordList => Keywords is null ? [] : Keywords.Split("; ", StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Keywords as stored: distinct, joined by "; ", cut at a whole keyword to fit the column.</summary>
    public static string? JoinKeywords(IEnumerable<string> keywords)
    {
        var joined = "";
        foreach (var k in keywords.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var next = joined.Length == 0 ? k : $"{joined}; {k}";
            if (next.Length > MaxKeywords) break;
            joined = next;
        }
        return joined.Length == 0 ? null : joined;
    }

    public static string KeyOf(string title, int? year) => $"{CitationKeys.NormaliseTitle(title)}|{year}";

    /// <summary>"Surname A, Surname B, et al. Title. Journal. 2020;12(3):45-67." for tables and reading packs.</summary>
    public static string Cite(string title, IReadOnlyList<string> authors, string? journal, int? year, string? volume, string? issue, string? pages)
    {
        var who = authors.Count switch
        {
            0 => "",
            <= 3 => string.Join(", ", authors) + ". ",
            _ => string.Join(", ", authors.Take(3)) + ", et al. ",
        };
        var where = journal is null ? "" : $" {journal.TrimEnd('.')}.";
        var when = year is null ? "" : $" {year}";
        var locator = (volume, issue, pages) switch
        {
            (null, null, null) => "",
            _ => $";{volume}{(issue is null ? "" : $"({issue})")}{(pages is null ? "" : $":{pages}")}",
        };
        var tail = when + locator;
        return $"{who}{title.TrimEnd('.')}.{where}{(tail.Length > 0 ? tail + "." : "")}".Trim();
    }
}

internal sealed class PaperConfiguration : IEntityTypeConfiguration<Paper>
{
    /// <summary>Title, keywords and abstract, weighted in that order (ts_rank's weights array is D, C, B, A).</summary>
    public const string SearchVectorSql =
        "setweight(to_tsvector('english', title), 'A') || " +
        "setweight(to_tsvector('english', coalesce(keywords, '')), 'B') || " +
        "setweight(to_tsvector('english', coalesce(abstract, '')), 'C')";

    public void Configure(EntityTypeBuilder<Paper> b)
    {
        b.Property(x => x.Title).HasMaxLength(Paper.MaxTitle);
        b.Property(x => x.Journal).HasMaxLength(Paper.MaxJournal);
        b.Property(x => x.Volume).HasMaxLength(Paper.MaxShort);
        b.Property(x => x.Issue).HasMaxLength(Paper.MaxShort);
        b.Property(x => x.Pages).HasMaxLength(Paper.MaxShort);
        b.Property(x => x.Doi).HasMaxLength(Paper.MaxDoi);
        b.Property(x => x.Pmid).HasMaxLength(12);
        b.Property(x => x.Url).HasMaxLength(Paper.MaxUrl);
        b.Property(x => x.PublicationType).HasMaxLength(Paper.MaxShort);
        b.Property(x => x.TitleKey).HasMaxLength(Paper.MaxTitle + 8);
        b.Property(x => x.Keywords).HasMaxLength(Paper.MaxKeywords);
        b.Property(x => x.SearchVector).HasComputedColumnSql(SearchVectorSql, stored: true);
        b.Ignore(x => x.KeywordList);
        // PostgreSQL's unique indexes let any number of rows lack the identifier (NULLs are distinct).
        b.HasIndex(x => x.Doi).IsUnique();
        b.HasIndex(x => x.Pmid).IsUnique();
        b.HasIndex(x => x.TitleKey);
        // Paper search (PaperSearch).
        b.HasIndex(x => x.SearchVector).HasMethod("gin");
        b.HasOne<Identity.User>().WithMany().HasForeignKey(x => x.CreatedById).OnDelete(DeleteBehavior.SetNull);
    }
}
