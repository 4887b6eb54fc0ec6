using Impacte.Domain.Access;
using Impacte.Domain.Clubs;
using Impacte.Domain.Questions;

namespace Impacte.Domain.Tests.Access;

/// <summary>The one rule per resource every route filter, page and service asks.</summary>
public class AccessRulesTests
{
    private static readonly Guid Club = Guid.NewGuid();

    private static Actor In(ClubRole? role, bool admin = false, bool librarian = false) =>
        new(Guid.NewGuid(), admin, librarian, role is { } r ? new Dictionary<Guid, ClubRole> { [Club] = r } : new Dictionary<Guid, ClubRole> { [Guid.NewGuid()] = ClubRole.Lead });

    [Theory]
    [InlineData(ClubPermission.View, Verdict.Hidden)]
    [InlineData(ClubPermission.Manage, Verdict.Hidden)]
    public void ALeadOfAnotherClubIsToldTheClubDoesNotExist(ClubPermission permission, Verdict expected) =>
        Assert.Equal(expected, In(null).ForClub(Club, permission));

    [Fact]
    public void ALibrarianSeesAClubButNotItsMembersNorRunsIt()
    {
        var librarian = In(null, librarian: true);
        Assert.Equal(Verdict.Allowed, librarian.ForClub(Club, ClubPermission.View));
        Assert.Equal(Verdict.Forbidden, librarian.ForClub(Club, ClubPermission.ViewMembers));
        Assert.Equal(Verdict.Forbidden, librarian.ForClub(Club, ClubPermission.Manage));
    }

    [Fact]
    public void AMemberSeesTheMembersButOnlyALeadOrAdminRunsTheClub()
    {
        Assert.Equal(Verdict.Allowed, In(ClubRole.Member).ForClub(Club, ClubPermission.ViewMembers));
        Assert.Equal(Verdict.Forbidden, In(ClubRole.Member).ForClub(Club, ClubPermission.Manage));
        Assert.Equal(Verdict.Allowed, In(ClubRole.Lead).ForClub(Club, ClubPermission.Manage));
        Assert.Equal(Verdict.Allowed, In(null, admin: true).ForClub(Club, ClubPermission.Manage));
    }

    [Fact]
    public void AnotherClubsMemberIsToldAProposedQuestionDoesNotExistButReadsAnAnsweredOne()
    {
        var outsider = In(null);
        Assert.Equal(Verdict.Hidden, outsider.ForQuestion(Club, QuestionStatus.Proposed, Guid.NewGuid(), QuestionPermission.View));
        Assert.Equal(Verdict.Allowed, outsider.ForQuestion(Club, QuestionStatus.Answered, Guid.NewGuid(), QuestionPermission.View));
        Assert.Equal(Verdict.Forbidden, outsider.ForQuestion(Club, QuestionStatus.Answered, Guid.NewGuid(), QuestionPermission.Vote));
    }

    [Fact]
    public void OnlyTheClubsMembersVoteAndOnlyTheProposerLeadOrAdminEdits()
    {
        var member = In(ClubRole.Member);
        Assert.Equal(Verdict.Allowed, member.ForQuestion(Club, QuestionStatus.Proposed, Guid.NewGuid(), QuestionPermission.Vote));
        Assert.Equal(Verdict.Forbidden, In(null, librarian: true).ForQuestion(Club, QuestionStatus.Proposed, Guid.NewGuid(), QuestionPermission.Vote));
        Assert.Equal(Verdict.Forbidden, member.ForQuestion(Club, QuestionStatus.Proposed, Guid.NewGuid(), QuestionPermission.Edit));
        Assert.Equal(Verdict.Allowed, member.ForQuestion(Club, QuestionStatus.Proposed, member.UserId, QuestionPermission.Edit));
        Assert.Equal(Verdict.Allowed, In(ClubRole.Lead).ForQuestion(Club, QuestionStatus.Proposed, Guid.NewGuid(), QuestionPermission.Edit));
    }
}
