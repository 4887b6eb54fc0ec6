using Impacte.Domain.Access;
using Impacte.Domain.People;
using Impacte.Domain.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Testing;

/// <summary>Deactivates, reactivates or erases an account through the Domain services an admin's pages use.</summary>
public static class AccountStates
{
    private static readonly Actor Admin = Actor.With(Guid.Empty, isAdmin: true, [], []);

    public static async Task DeactivateAsync(TestDatabase database, Guid userId)
    {
        await using var db = database.CreateContext();
        await new NetworkPeople(db, TimeProvider.System).DeactivateAsync(Admin, userId, null);
    }

    public static async Task ReactivateAsync(TestDatabase database, Guid userId)
    {
        await using var db = database.CreateContext();
        await new NetworkPeople(db, TimeProvider.System).ReactivateAsync(Admin, userId, null);
    }

    public static async Task EraseAsync(TestDatabase database, Guid userId)
    {
        await using var db = database.CreateContext();
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync();
        await new PersonErasure(db, TimeProvider.System).EraseAsync(Admin, userId, email, null);
    }
}
