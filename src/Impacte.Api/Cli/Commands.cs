using System.CommandLine;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Identity;
using Impacte.Domain.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Cli;

/// <summary>
/// Operations run from the Api's own binary, with its configuration:
/// <c>migrate</c>, <c>seed</c> and <c>admin create</c>. (The schema's SQL: <c>dotnet ef migrations script</c>.)
/// </summary>
public static class Commands
{
    private static readonly string[] Names = ["migrate", "seed", "admin"];

    public static bool Handles(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var root = new RootCommand("IMPACTE operations");

        var migrate = new Command("migrate", "Apply the database migrations that are not applied yet, and make the key ring's first key.");
        migrate.SetAction(async (_, ct) => await MigrateAsync(services, ct));
        root.Subcommands.Add(migrate);

        var seedsOption = new Option<string?>("--seeds") { Description = "The seeds folder (default: the nearest seeds/ above here)." };
        var demoOption = new Option<bool>("--demo") { Description = "Really load the demo accounts (required in Production: they share a published password)." };
        var seed = new Command("seed", "Migrate, then load the demo network from seeds/ (safe to repeat).") { seedsOption, demoOption };
        seed.SetAction(async (result, ct) =>
        {
            // The demo accounts (an admin among them) share a password printed in the README: never by accident in production.
            if (services.GetRequiredService<IHostEnvironment>().IsProduction() && !result.GetValue(demoOption))
            {
                Console.Error.WriteLine("Refusing to seed: this is Production, and the demo network creates admin@example.org and other accounts " +
                    "with the published demo password. To load it anyway (a demo server), run: seed --demo. " +
                    "For a real installation, create the first admin with: admin create --email you@nhs.net --name \"Your Name\".");
                return 2;
            }
            await MigrateAsync(services, ct);
            using var scope = services.CreateScope();
            var password = Environment.GetEnvironmentVariable("IMPACTE_DEMO_PASSWORD") is { Length: > 0 } p ? p : DemoNetwork.DefaultPassword;
            var demo = scope.ServiceProvider.GetRequiredService<DemoNetwork>();
            var seeds = DemoNetwork.FindSeedsDirectory(result.GetValue(seedsOption));
            var summary = await demo.LoadAsync(seeds, password, ct);
            var meetings = await demo.LoadScheduleAsync(seeds, ct);
            var changes = await demo.LoadChangesAsync(seeds, ct);
            Console.WriteLine($"Demo network: {summary.ClubsAdded} clubs, {summary.PeopleAdded} people, {summary.MembershipsAdded} memberships, {summary.QuestionsAdded} questions, {meetings} meetings, {changes} practice changes added.");
            return 0;
        });
        root.Subcommands.Add(seed);

        var email = new Option<string>("--email") { Required = true, Description = "The admin's email address." };
        var name = new Option<string>("--name") { Required = true, Description = "The admin's full name." };
        var create = new Command("create", "Create a network admin. The password is read from IMPACTE_ADMIN_PASSWORD or standard input.") { email, name };
        create.SetAction(async (result, ct) => await CreateAdminAsync(services, result.GetValue(email)!, result.GetValue(name)!, ct));
        root.Subcommands.Add(new Command("admin", "Manage network admins.") { create });

        return root.Parse(args).InvokeAsync();
    }

    public static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ImpacteDbContext>();
        var pending = await Migrator.MigrateAsync(db, ct);
        Security.DataProtectionSetup.EnsureKey(services);
        Console.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applied {string.Join(", ", pending)}.");
        return 0;
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider services, string email, string name, CancellationToken ct)
    {
        var normalised = EmailAddress.Normalise(email);
        if (normalised is null)
        {
            Console.Error.WriteLine($"'{email}' is not a valid email address.");
            return 2;
        }
        if (UserText.Problem(name.Trim(), TextKind.Line) is not null)
        {
            Console.Error.WriteLine($"--name: {UserText.LineMessage}"); // names go into email headers
            return 2;
        }
        var password = Environment.GetEnvironmentVariable("IMPACTE_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.Write("Password for the new admin (at least 12 characters): ");
            password = Console.ReadLine();
        }
        await MigrateAsync(services, ct);
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        if (!await roles.RoleExistsAsync(NetworkRoles.Admin)) await roles.CreateAsync(new IdentityRole<Guid>(NetworkRoles.Admin));

        var user = await users.FindByEmailAsync(normalised);
        if (user is null)
        {
            user = new User { UserName = normalised, Email = normalised, EmailConfirmed = true, Name = name.Trim(), CreatedAt = TimeProvider.System.UtcNowForDb() };
            var created = await users.CreateAsync(user, password ?? "");
            if (!created.Succeeded)
            {
                Console.Error.WriteLine(string.Join(Environment.NewLine, created.Errors.Select(e => e.Description)));
                return 1;
            }
        }
        if (!await users.IsInRoleAsync(user, NetworkRoles.Admin)) await users.AddToRoleAsync(user, NetworkRoles.Admin);
        Console.WriteLine($"{normalised} is a network admin.");
        return 0;
    }
}
