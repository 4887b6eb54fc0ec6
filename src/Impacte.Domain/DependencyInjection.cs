using Impacte.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Impacte.Domain;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Impacte";

    /// <summary>The DbContext, options and clock that Api and Worker share.</summary>
    public static IServiceCollection AddImpacteDomain(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"Connection string '{ConnectionStringName}' is missing: set ConnectionStrings__{ConnectionStringName}.");
        services.AddDbContext<ImpacteDbContext>(options => Configure(options, connectionString));
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.Section));
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddScoped(sp => new Emails(sp.GetRequiredService<IOptions<EmailOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new Meetings.MeetingEmails(sp.GetRequiredService<IOptions<EmailOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new Changes.ChaseEmails(sp.GetRequiredService<IOptions<EmailOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        // Digests: the Worker's fan-out and the admins' preview.
        services.AddOptions<Digests.DigestOptions>().Bind(configuration.GetSection(Digests.DigestOptions.Section));
        services.AddScoped(sp => new Digests.DigestEmails(sp.GetRequiredService<IOptions<EmailOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new Digests.DigestBuilder(sp.GetRequiredService<ImpacteDbContext>(), sp.GetRequiredService<Meetings.MeetingEmails>(),
            sp.GetRequiredService<IOptions<EmailOptions>>().Value, sp.GetRequiredService<Meetings.IAgendaQuestions>()));
        services.AddScoped(sp => new Digests.MemberDigests(sp.GetRequiredService<ImpacteDbContext>(), sp.GetRequiredService<Digests.DigestBuilder>(),
            sp.GetRequiredService<Digests.DigestEmails>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<Digests.DigestOptions>>().Value));
        services.AddScoped<MemberNotices>();
        services.AddScoped<Appraisals.EvidenceDriftEmails>();
        services.AddScoped<Appraisals.EvidenceDrift>();
        // Questions as reading packs show them (title, PICO, bottom line).
        services.TryAddScoped<Meetings.IAgendaQuestions, Meetings.ClubAgendaQuestions>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(WithoutJit(connectionString), npgsql => npgsql
                // Survives a PostgreSQL restart or a dropped connection: transient failures are retried.
                .EnableRetryOnFailure(maxRetryCount: 5, maxRetryDelay: TimeSpan.FromSeconds(5), errorCodesToAdd: null)
                .MigrationsHistoryTable("__ef_migrations_history"));

    /// <summary>
    /// PostgreSQL's JIT compiles any plan it costs as large, which at national size includes a page's count: 250 ms of
    /// compiling for a 36 ms count (bench/README.md, Capacity). IMPACTE's queries are short, so it is off for them.
    /// </summary>
    private static string WithoutJit(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("jit", StringComparison.Ordinal) != true)
            builder.Options = $"{builder.Options} -c jit=off".Trim();
        return builder.ConnectionString;
    }
}
