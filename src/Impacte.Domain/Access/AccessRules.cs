using Impacte.Domain.Changes;
using Impacte.Domain.Questions;

namespace Impacte.Domain.Access;

/// <summary>What a person may do in one club.</summary>
public enum ClubPermission
{
    /// <summary>See the club's name and settings: its members, librarians and admins.</summary>
    View,
    /// <summary>See who belongs to it: its members and admins.</summary>
    ViewMembers,
    /// <summary>Change it and its membership: its leads and admins.</summary>
    Manage,
}

/// <summary>What a person may do with one clinical question.</summary>
public enum QuestionPermission
{
    /// <summary>See it: its club, librarians and admins; everyone once it is answered.</summary>
    View,
    /// <summary>Vote on it: members of its club only (librarians and admins are in no club).</summary>
    Vote,
    /// <summary>Change its text: its proposer, the club's leads, admins.</summary>
    Edit,
}

/// <summary>What a person may do with one practice change (and its measures, PDSA cycles and audits).</summary>
public enum ChangePermission
{
    /// <summary>See it: its club's members, admins; everyone once it is implemented or sustained.</summary>
    View,
    /// <summary>Change it, its measures and cycles: its owner while a member, the club's leads, admins.</summary>
    Edit,
    /// <summary>Set audit dates: the club's leads, admins.</summary>
    Schedule,
}

/// <summary>The answer to "may this person do this here?": each refusal maps to one HTTP status.</summary>
public enum Verdict
{
    Allowed,
    /// <summary>They have no business here: told it does not exist (404), since its existence is private too.</summary>
    Hidden,
    /// <summary>They may see it, but not do this (403).</summary>
    Forbidden,
}

/// <summary>
/// The one rule per resource for who may see and do what. Meetings follow their club's rule; questions their own
/// (answered questions are the whole network's). Services still check what only they know (a transition's roles).
/// </summary>
public static class AccessRules
{
    public static Verdict ForClub(this Actor actor, Guid clubId, ClubPermission permission)
    {
        if (actor.IsAdmin) return Verdict.Allowed;
        var role = actor.RoleIn(clubId);
        if (role is null && !actor.IsLibrarian) return Verdict.Hidden;
        var allowed = permission switch
        {
            ClubPermission.View => true,
            ClubPermission.ViewMembers => role is not null,
            ClubPermission.Manage => role == Clubs.ClubRole.Lead,
            _ => false,
        };
        return allowed ? Verdict.Allowed : Verdict.Forbidden;
    }

    /// <summary>Why a club refused, in the words the 403 carries.</summary>
    public static string ClubRefusal(ClubPermission permission) => permission == ClubPermission.Manage
        ? "Only the club's leads can do this."
        : "Only the club's members can see this.";

    /// <summary>Their clubs' questions and every answered one; librarians and admins see all of them.</summary>
    public static bool CanSeeQuestion(this Actor actor, Guid clubId, QuestionStatus status) =>
        actor.WorksAcrossClubs || status == QuestionStatus.Answered || actor.IsMemberOf(clubId);

    public static Verdict ForQuestion(this Actor actor, Guid clubId, QuestionStatus status, Guid proposerId, QuestionPermission permission)
    {
        if (!actor.CanSeeQuestion(clubId, status)) return Verdict.Hidden;
        var allowed = permission switch
        {
            QuestionPermission.View => true,
            QuestionPermission.Vote => actor.IsMemberOf(clubId),
            QuestionPermission.Edit => actor.IsAdmin || actor.IsLeadOf(clubId) || proposerId == actor.UserId,
            _ => false,
        };
        return allowed ? Verdict.Allowed : Verdict.Forbidden;
    }

    /// <summary>Why a question refused, in the words the 403 carries.</summary>
    public static string QuestionRefusal(QuestionPermission permission) => permission switch
    {
        QuestionPermission.Vote => "Only the club's members vote on its questions.",
        _ => "Only the person who proposed the question, or the club lead, can edit it.",
    };

    /// <summary>The change rule (<see cref="ChangeAccess"/>) as a verdict: a change's measures, cycles and audits follow it.</summary>
    public static Verdict ForChange(this Actor actor, PracticeChange change, ChangePermission permission)
    {
        if (!actor.CanSee(change)) return Verdict.Hidden;
        var allowed = permission switch
        {
            ChangePermission.View => true,
            ChangePermission.Edit => actor.CanEdit(change),
            ChangePermission.Schedule => actor.IsAdmin || actor.IsLeadOf(change.ClubId),
            _ => false,
        };
        return allowed ? Verdict.Allowed : Verdict.Forbidden;
    }

    /// <summary>Why a change refused, in the words the 403 carries.</summary>
    public static string ChangeRefusal(ChangePermission permission) => permission == ChangePermission.Schedule
        ? "Only the club's leads set audit dates."
        : "Only the change's owner or the club's leads can do this.";

    /// <summary>The actor as <see cref="QuestionLifecycle"/> sees them for one question of one club.</summary>
    public static QuestionActor InQuestion(this Actor actor, ClinicalQuestion q) => new(
        IsAdmin: actor.IsAdmin, IsLibrarian: actor.IsLibrarian, IsClubLead: actor.IsLeadOf(q.ClubId),
        IsClubMember: actor.IsMemberOf(q.ClubId), IsProposer: q.ProposerId == actor.UserId);

    /// <summary>Who is searching, for the SQL that applies <see cref="CanSeeQuestion"/> itself.</summary>
    public static QuestionReader Reader(this Actor actor) => new(actor.UserId, actor.WorksAcrossClubs);
}
