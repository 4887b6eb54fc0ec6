using Impacte.Domain.Access;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;

namespace Impacte.Domain.Tests.Appraisals;

public class AppraisalWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly Guid _author = Guid.NewGuid();

    private Appraisal Submitted()
    {
        var appraisal = new Appraisal { AuthorId = _author, Status = AppraisalStatus.Submitted, StudyDesign = StudyDesign.RandomisedControlledTrial };
        appraisal.Answers.AddRange(Checklists.For(appraisal.StudyDesign).Questions
            .Select(q => new AppraisalAnswer { AppraisalId = appraisal.Id, QuestionKey = q.Key, Answer = ChecklistAnswer.Yes }));
        return appraisal;
    }

    [Fact]
    public void PublishingWithAnUnansweredChecklistQuestionNamesItAsAFieldError()
    {
        var appraisal = Submitted();
        appraisal.Answers.RemoveAll(x => x.QuestionKey == "rct.valid.3");
        var checker = Librarian();

        var e = Assert.Throws<DomainValidationException>(() => AppraisalWorkflow.Publish(appraisal, checker, Now));

        Assert.Equal(["answers[rct.valid.3]"], e.Errors.Keys);
        Assert.Equal(AppraisalStatus.Submitted, appraisal.Status);
    }

    private static Actor Admin() => Actor.With(Guid.NewGuid(), isAdmin: true, [], []);

    private static Actor Librarian(Guid? id = null) => Actor.With(id ?? Guid.NewGuid(), isAdmin: false, [], [], isLibrarian: true);

    [Fact]
    public void ALibrarianWhoIsNotTheAuthorMayNotEditAnothersDraft()
    {
        var draft = new Appraisal { AuthorId = _author, Status = AppraisalStatus.Draft };
        var other = Librarian();

        Assert.False(other.MayEdit(draft));
        Assert.True(Librarian(_author).MayEdit(draft));
        Assert.Throws<ForbiddenException>(() => AppraisalWorkflow.EnsureEditable(draft, other));
    }

    [Fact]
    public void ADraftIsSeenByLibrariansAdminsAndTheQuestionsClubLeadsOnly()
    {
        var club = Guid.NewGuid();
        var gp = Actor.With(Guid.NewGuid(), isAdmin: false, [club], []);
        var lead = Actor.With(Guid.NewGuid(), isAdmin: false, [], [club]);
        var otherLead = Actor.With(Guid.NewGuid(), isAdmin: false, [], [Guid.NewGuid()]);

        foreach (var status in new[] { AppraisalStatus.Draft, AppraisalStatus.Submitted, AppraisalStatus.Returned })
        {
            Assert.False(gp.MaySee(status, club));
            Assert.False(otherLead.MaySee(status, club));
            Assert.True(lead.MaySee(status, club));
            Assert.True(Librarian().MaySee(status, club));
            Assert.True(Admin().MaySee(status, club));
        }
        Assert.True(gp.MaySee(AppraisalStatus.Published, club));
        Assert.True(otherLead.MaySee(AppraisalStatus.Published, club));
    }

    [Fact]
    public void AnAdminWhoEditedTheDraftMayNotPublishOrReturnIt()
    {
        var appraisal = Submitted();
        var admin = Admin();
        AppraisalWorkflow.RecordEditor(appraisal, admin, Now);

        Assert.False(admin.MayCheck(appraisal));
        Assert.Throws<ForbiddenException>(() => AppraisalWorkflow.Publish(appraisal, admin, Now));
        Assert.Throws<ForbiddenException>(() => AppraisalWorkflow.Return(appraisal, admin, "Fine", Now));
        Assert.Equal(AppraisalStatus.Submitted, appraisal.Status);
    }

    [Fact]
    public void ALibrarianWhoNeitherWroteNorEditedItPublishesIt()
    {
        var appraisal = Submitted();
        AppraisalWorkflow.RecordEditor(appraisal, Admin(), Now);
        var checker = Librarian();

        AppraisalWorkflow.Publish(appraisal, checker, Now);

        Assert.Equal(AppraisalStatus.Published, appraisal.Status);
        Assert.Equal(checker.UserId, appraisal.CheckedById);
    }

    [Fact]
    public void EachEditorIsRecordedOnce()
    {
        var appraisal = Submitted();
        var editor = Admin();
        AppraisalWorkflow.RecordEditor(appraisal, editor, Now);
        AppraisalWorkflow.RecordEditor(appraisal, editor, Now.AddHours(1));

        Assert.Equal(Now, Assert.Single(appraisal.Editors).FirstEditedAt);
    }

    [Theory]
    [InlineData(null, "Appraised topic")]
    [InlineData("Offer it. The evidence is weak.", "Appraised topic: Offer it")]
    [InlineData("RR 0.62 favours treatment.", "Appraised topic: RR 0.62 favours treatment")]
    [InlineData("Stopping smoking slows the decline in lung function at any stage of COPD: offer stop-smoking support at diagnosis.",
        "Appraised topic: Stopping smoking slows the decline in lung function at any stage of COPD: offer…")]
    public void TheNeutralTitleIsTheBottomLinesFirstSentenceEndingOnAWord(string? bottomLine, string title)
    {
        Assert.Equal(title, AppraisalTopics.NeutralTitle(bottomLine));
    }

    [Fact]
    public void AnotherClubsMemberSeesTheQuestionOnlyOnceItIsAnswered()
    {
        var club = Guid.NewGuid();
        var outsider = new Actor(Guid.NewGuid(), false, false, new Dictionary<Guid, ClubRole> { [Guid.NewGuid()] = ClubRole.Member });

        Assert.False(outsider.ShowsQuestion(club, QuestionStatus.Appraised));
        Assert.True(outsider.ShowsQuestion(club, QuestionStatus.Answered));
        Assert.True(new Actor(Guid.NewGuid(), false, false, new Dictionary<Guid, ClubRole> { [club] = ClubRole.Member }).ShowsQuestion(club, QuestionStatus.Appraised));
    }
}
