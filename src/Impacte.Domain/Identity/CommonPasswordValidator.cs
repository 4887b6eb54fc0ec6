using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Impacte.Domain.Identity;

/// <summary>
/// Refuses passwords found in breach lists and easy patterns. Length is checked by Identity's own options;
/// this catches long but guessable ones ("password1234", "qwertyuiopas").
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<User>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        if (password is null || !IsCommon(password, user))
            return Task.FromResult(IdentityResult.Success);
        return Task.FromResult(IdentityResult.Failed(new IdentityError
        {
            Code = "CommonPassword",
            Description = "This password is too common or easy to guess. Choose a longer phrase that is not a well-known password.",
        }));
    }

    public static bool IsCommon(string password, User? user = null)
    {
        var p = password.Trim().ToLowerInvariant();
        if (Common.Value.Contains(p)) return true;
        if (p.Distinct().Count() <= 3) return true; // "aaaaaaaaaaaa", "abababababab"
        if (IsRun(p)) return true;                  // "123456789012", "abcdefghijkl"
        var local = user?.Email?.Split('@')[0].ToLowerInvariant();
        return !string.IsNullOrEmpty(local) && local.Length >= 4 && p.Contains(local, StringComparison.Ordinal)
            && p.Length - local.Length < 6;
    }

    private static bool IsRun(string p)
    {
        var steps = 0;
        for (var i = 1; i < p.Length; i++)
            if (Math.Abs(p[i] - p[i - 1]) == 1 || (p[i] == '0' && p[i - 1] == '9')) steps++;
        return steps >= p.Length - 2;
    }

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream("Impacte.Domain.Identity.common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line.Trim().ToLowerInvariant());
        return set;
    }
}
