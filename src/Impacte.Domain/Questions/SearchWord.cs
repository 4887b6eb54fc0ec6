using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Impacte.Domain.Questions;

/// <summary>
/// A word some question uses (lower case, as typed): the lexicon the spelling fallback corrects a search against.
/// A trigger on questions adds the words of each question written (migration ForgivingSearch); words are never
/// removed, which costs nothing but a correction that then finds no visible question.
/// </summary>
public sealed class SearchWord
{
    public string Word { get; private set; } = "";
}

internal sealed class SearchWordConfiguration : IEntityTypeConfiguration<SearchWord>
{
    public const int MaxWord = 40;

    public void Configure(EntityTypeBuilder<SearchWord> b)
    {
        b.ToTable("search_words");
        b.HasKey(x => x.Word);
        b.Property(x => x.Word).HasMaxLength(MaxWord);
        // Trigram lookup of the nearest known word ("apixiban" -> "apixaban"): the lexicon is small, so it stays fast.
        b.HasIndex(x => x.Word).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_search_words_word_trgm");
    }
}
