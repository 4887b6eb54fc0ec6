using Impacte.Domain.Questions;
using static Impacte.Domain.Questions.QuestionStatus;

namespace Impacte.Domain.Tests.Questions;

public class QuestionLifecycleTests
{
    /// <summary>
    /// The rules, written out again independently of the production table: who may make each move.
    /// Any pair not listed is a move nobody can make. Changing a rule means changing this table too.
    /// </summary>
    private static readonly Dictionary<(QuestionStatus From, QuestionStatus To), string[]> Rules = new()
    {
        [(Proposed, Accepted)] = ["admin", "lead"],
        [(Proposed, Declined)] = ["admin", "lead"],
        [(Proposed, Duplicate)] = ["admin", "lead"],
        [(Declined, Proposed)] = ["admin", "lead"],
        // The proposer's own decision: not even an admin withdraws someone else's question.
        [(QuestionStatus.Proposed, QuestionStatus.Withdrawn)] = ["proposer"],
        [(Accepted, Searching)] = ["admin", "librarian"],
        [(Searching, Appraised)] = ["admin", "librarian", "system"],
        [(Appraised, Scheduled)] = ["admin", "lead"],
        [(Scheduled, Appraised)] = ["admin", "lead"],
        [(Accepted, Scheduled)] = ["admin", "lead"],
        [(Scheduled, Accepted)] = ["admin", "lead"],
        [(Scheduled, Discussed)] = ["admin", "lead"],
        [(Discussed, Answered)] = ["admin", "lead"],
    };

    private static readonly Dictionary<string, QuestionActor> Actors = new()
    {
        ["admin"] = new(IsAdmin: true),
        ["librarian"] = new(IsLibrarian: true),
        ["lead"] = new(IsClubLead: true, IsClubMember: true),
        ["member"] = new(IsClubMember: true),
        ["proposer"] = new(IsClubMember: true, IsProposer: true),
        ["system"] = QuestionActor.System,
        ["outsider"] = new(),
    };

    private static readonly Guid Self = Guid.Parse("0190a000-0000-7000-8000-000000000001");
    private static readonly Guid Original = Guid.Parse("0190a000-0000-7000-8000-000000000002");

    public static TheoryData<QuestionStatus, QuestionStatus, string> EveryMoveByEveryActor()
    {
        var data = new TheoryData<QuestionStatus, QuestionStatus, string>();
        foreach (var from in Enum.GetValues<QuestionStatus>())
            foreach (var to in Enum.GetValues<QuestionStatus>())
                foreach (var actor in Actors.Keys)
                    data.Add(from, to, actor);
        return data;
    }

    public static TheoryData<QuestionStatus, string> EveryStatusForEveryActor()
    {
        var data = new TheoryData<QuestionStatus, string>();
        foreach (var from in Enum.GetValues<QuestionStatus>())
            foreach (var actor in Actors.Keys)
                data.Add(from, actor);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMoveByEveryActor))]
    public void Check_follows_the_rule_table(QuestionStatus from, QuestionStatus to, string actor)
    {
        // Every required input is supplied, so only the rule table decides.
        var check = QuestionLifecycle.Check(from, to, Actors[actor], "A reason", Original, Self);

        var expected = !Rules.TryGetValue((from, to), out var who) ? TransitionOutcome.Conflict
            : who.Contains(actor) ? TransitionOutcome.Allowed
            : TransitionOutcome.Forbidden;
        Assert.Equal(expected, check.Outcome);
        Assert.Equal(expected == TransitionOutcome.Allowed, check.IsAllowed);
        Assert.Equal(check.IsAllowed, check.Error is null);
        Assert.Null(check.Field);
    }

    [Theory]
    [MemberData(nameof(EveryStatusForEveryActor))]
    public void Available_lists_exactly_the_moves_this_actor_may_make(QuestionStatus from, string actor)
    {
        var expected = Rules.Where(r => r.Key.From == from && r.Value.Contains(actor)).Select(r => r.Key.To).Order();

        var available = QuestionLifecycle.AvailableTo(from, Actors[actor]);
        var refused = QuestionLifecycle.Check(from, from, Actors[actor]);

        Assert.Equal(expected, available.Select(t => t.To).Order());
        Assert.Equal(expected, refused.Available.Select(t => t.To).Order());
    }

    [Fact]
    public void The_production_table_is_the_rule_table()
    {
        var table = QuestionLifecycle.Transitions.Select(t => (t.From, t.To)).ToList();
        Assert.Equal(table.Count, table.Distinct().Count());
        Assert.Equal(Rules.Keys.Order(), table.Order());
    }

    [Fact]
    public void Exits_have_no_way_out_except_reopening_a_declined_question()
    {
        var admin = Actors["admin"];
        Assert.Empty(QuestionLifecycle.AvailableTo(Duplicate, admin));
        Assert.Empty(QuestionLifecycle.AvailableTo(Answered, admin));
        Assert.Equal([Proposed], QuestionLifecycle.AvailableTo(Declined, admin).Select(t => t.To));
    }

    [Theory]
    [InlineData(Proposed)]
    [InlineData(Searching)]
    public void Only_an_accepted_or_appraised_question_can_be_scheduled(QuestionStatus from)
    {
        var check = QuestionLifecycle.Check(from, Scheduled, Actors["lead"]);

        Assert.Equal(TransitionOutcome.Conflict, check.Outcome);
        Assert.Equal($"A question cannot go from {from.ToString().ToLowerInvariant()} to scheduled.", check.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Declining_needs_a_reason(string? reason)
    {
        var check = QuestionLifecycle.Check(Proposed, Declined, Actors["lead"], reason);

        Assert.Equal(TransitionOutcome.Invalid, check.Outcome);
        Assert.Equal("reason", check.Field);
        Assert.Equal("Give a reason for declining the question.", check.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" \n ")]
    public void Answering_needs_a_bottom_line(string? bottomLine)
    {
        var check = QuestionLifecycle.Check(Discussed, Answered, Actors["lead"], bottomLine);

        Assert.Equal(TransitionOutcome.Invalid, check.Outcome);
        Assert.Equal("bottomLine", check.Field);
    }

    [Fact]
    public void Marking_a_duplicate_needs_the_original()
    {
        var missing = QuestionLifecycle.Check(Proposed, Duplicate, Actors["lead"], questionId: Self);
        var empty = QuestionLifecycle.Check(Proposed, Duplicate, Actors["lead"], duplicateOfId: Guid.Empty, questionId: Self);
        var itself = QuestionLifecycle.Check(Proposed, Duplicate, Actors["lead"], duplicateOfId: Self, questionId: Self);
        var fine = QuestionLifecycle.Check(Proposed, Duplicate, Actors["lead"], duplicateOfId: Original, questionId: Self);

        Assert.All([missing, empty, itself], c => Assert.Equal(("duplicateOfId", TransitionOutcome.Invalid), (c.Field, c.Outcome)));
        Assert.Equal("Choose the question this one duplicates.", missing.Error);
        Assert.Equal("A question cannot be a duplicate of itself.", itself.Error);
        Assert.True(fine.IsAllowed);
    }

    [Fact]
    public void Inputs_are_not_demanded_where_they_are_not_needed()
    {
        Assert.True(QuestionLifecycle.Check(Proposed, Accepted, Actors["lead"]).IsAllowed);
        Assert.True(QuestionLifecycle.Check(Declined, Proposed, Actors["lead"]).IsAllowed);
    }

    [Fact]
    public void Permission_is_checked_before_inputs_so_a_member_learns_it_is_not_theirs_to_do()
    {
        var check = QuestionLifecycle.Check(Proposed, Declined, Actors["member"]);

        Assert.Equal(TransitionOutcome.Forbidden, check.Outcome);
        Assert.Equal("Only the club lead or a network admin can decline a question.", check.Error);
        Assert.Empty(check.Available);
    }

    [Fact]
    public void A_refusal_says_what_the_actor_could_do_instead()
    {
        var check = QuestionLifecycle.Check(Proposed, Answered, Actors["lead"]);

        Assert.Equal(TransitionOutcome.Conflict, check.Outcome);
        Assert.Equal("A question cannot go from proposed to answered.", check.Error);
        Assert.Equal([Accepted, Declined, Duplicate], check.Available.Select(t => t.To));
        Assert.Equal("accept a question", check.Available[0].Action);
    }

    [Fact]
    public void Staying_put_is_not_a_move()
    {
        var check = QuestionLifecycle.Check(Duplicate, Duplicate, Actors["admin"]);

        Assert.Equal(TransitionOutcome.Conflict, check.Outcome);
        Assert.Equal("The question is already a duplicate.", check.Error);
    }

    [Fact]
    public void Roles_add_up_when_a_person_holds_several()
    {
        var leadLibrarian = new QuestionActor(IsLibrarian: true, IsClubLead: true, IsClubMember: true);

        Assert.Equal([Searching, Scheduled], QuestionLifecycle.AvailableTo(Accepted, leadLibrarian).Select(t => t.To));
        Assert.Equal([Accepted, Declined, Duplicate], QuestionLifecycle.AvailableTo(Proposed, leadLibrarian).Select(t => t.To));
    }

    [Fact]
    public void A_lead_cannot_do_a_librarians_work_nor_a_librarian_a_leads()
    {
        var lead = QuestionLifecycle.Check(Accepted, Searching, Actors["lead"]);
        var librarian = QuestionLifecycle.Check(Appraised, Scheduled, Actors["librarian"]);

        Assert.Equal("Only a librarian or a network admin can start searching for evidence.", lead.Error);
        Assert.Equal("Only the club lead or a network admin can put a question on a meeting agenda.", librarian.Error);
    }

    [Fact]
    public void Every_status_and_kind_has_a_description()
    {
        Assert.All(Enum.GetValues<QuestionType>(), t => Assert.False(string.IsNullOrWhiteSpace(t.Description())));
        Assert.All(Enum.GetValues<Urgency>(), u => Assert.False(string.IsNullOrWhiteSpace(u.Description())));
        Assert.Equal(10, Enum.GetValues<QuestionStatus>().Length);
    }
}
