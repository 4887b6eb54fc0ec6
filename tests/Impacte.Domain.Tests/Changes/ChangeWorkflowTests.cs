using Impacte.Domain.Access;
using Impacte.Domain.Changes;
using static Impacte.Domain.Changes.ChangeStatus;

namespace Impacte.Domain.Tests.Changes;

public class ChangeWorkflowTests
{
    /// <summary>The workflow written out again, independently of the production table. Any pair not listed is refused.</summary>
    private static readonly HashSet<(ChangeStatus, ChangeStatus)> Allowed =
    [
        (Agreed, InProgress), (InProgress, Implemented), (Implemented, Sustained),
        (Agreed, Abandoned), (InProgress, Abandoned), (Implemented, Abandoned),
    ];

    public static TheoryData<ChangeStatus, ChangeStatus> EveryPair()
    {
        var data = new TheoryData<ChangeStatus, ChangeStatus>();
        foreach (var from in Enum.GetValues<ChangeStatus>())
            foreach (var to in Enum.GetValues<ChangeStatus>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void OnlyTheWorkflowsMovesAreAllowed(ChangeStatus from, ChangeStatus to)
    {
        var outcome = ChangeWorkflow.Check(from, to, "It stalled: nobody had time to run the searches.");
        Assert.Equal(Allowed.Contains((from, to)) ? ChangeMoveOutcome.Allowed : ChangeMoveOutcome.NotAllowed, outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void AbandoningNeedsAReason(string? reason)
    {
        foreach (var from in new[] { Agreed, InProgress, Implemented })
            Assert.Equal(ChangeMoveOutcome.ReasonRequired, ChangeWorkflow.Check(from, Abandoned, reason));
    }

    [Fact]
    public void OtherMovesNeedNoReason() =>
        Assert.Equal(ChangeMoveOutcome.Allowed, ChangeWorkflow.Check(Agreed, InProgress, null));

    [Fact]
    public void SustainedAndAbandonedAreFinal()
    {
        Assert.Empty(ChangeWorkflow.AllowedFrom(Sustained));
        Assert.Empty(ChangeWorkflow.AllowedFrom(Abandoned));
        Assert.Equal(ChangeMoveOutcome.NotAllowed, ChangeWorkflow.Check(Sustained, Abandoned, "too late"));
    }

    [Theory]
    [InlineData("agreed", Agreed)]
    [InlineData("in-progress", InProgress)]
    [InlineData("implemented", Implemented)]
    [InlineData("sustained", Sustained)]
    [InlineData("abandoned", Abandoned)]
    public void StatusNamesRoundTrip(string name, ChangeStatus status)
    {
        Assert.Equal(name, status.Name());
        Assert.True(ChangeWorkflow.TryParse(name, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData("InProgress")]
    [InlineData("done")]
    [InlineData(null)]
    public void UnknownStatusNamesAreNotParsed(string? name) => Assert.False(ChangeWorkflow.TryParse(name, out _));

    [Fact]
    public void TheNetworkSeesOnlyImplementedAndSustainedChanges()
    {
        var outsider = Actor.With(Guid.NewGuid(), false, [], []);
        foreach (var status in Enum.GetValues<ChangeStatus>())
        {
            var change = new PracticeChange { ClubId = Guid.NewGuid(), OwnerId = Guid.NewGuid(), Status = status };
            Assert.Equal(status is Implemented or Sustained, outsider.CanSee(change));
            Assert.False(outsider.CanEdit(change));
        }
    }

    [Fact]
    public void TheOwnerAndTheLeadEditButAnotherMemberDoesNot()
    {
        var club = Guid.NewGuid();
        var owner = Guid.NewGuid();
        var change = new PracticeChange { ClubId = club, OwnerId = owner };
        Assert.True(Actor.With(owner, false, [club], []).CanEdit(change));
        Assert.True(Actor.With(Guid.NewGuid(), false, [club], [club]).CanEdit(change));
        Assert.True(Actor.With(Guid.NewGuid(), true, [], []).CanEdit(change));
        var member = Actor.With(Guid.NewGuid(), false, [club], []);
        Assert.True(member.CanSee(change));
        Assert.False(member.CanEdit(change));
        // An owner who has left the club no longer edits it.
        Assert.False(Actor.With(owner, false, [], []).CanEdit(change));
    }
}
