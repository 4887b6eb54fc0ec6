using System.Buffers.Binary;
using System.Xml.Linq;
using Impacte.Domain.Changes;
using Impacte.Domain.Clubs;
using Impacte.Domain.Measures;
using Impacte.Testing;

namespace Impacte.Domain.Tests.Measures;

public class ChartDrawingTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>A p-chart: 12 baseline months near 50%, then 6 at 90%, with the implementation marked.</summary>
    private static MeasureChartView View(int months = 18, ChartPreference preference = ChartPreference.Automatic, string name = "AF patients anticoagulated")
    {
        var change = new PracticeChange { Title = "AF", Club = new Club { Name = "MK", OdsCode = "K83901" } };
        var measure = new Measure
        {
            Name = name, NumeratorDefinition = "on an anticoagulant", DenominatorDefinition = "AF with CHA2DS2-VASc ≥ 2",
            StandardPercent = 80, BaselinePoints = 12, ChartPreference = preference, Change = change,
        };
        MeasurePeriod.TryParse(MeasurePeriodKind.Month, "2025-01", out var first);
        var points = Enumerable.Range(0, months).Select(i => new MeasurePoint(
            new MeasurePeriod(MeasurePeriodKind.Month, first.Ordinal + i).Label, first.Ordinal + i,
            i < 12 ? 48 + i % 3 * 2 : 90, 100)).ToList();
        var chart = MeasureChart.Build(new MeasureSeries(points, Baseline.FirstPoints(12), ImprovementDirection.Up, preference));
        return new MeasureChartView(measure, change, chart, [new ChartAnnotation(new DateOnly(2025, 12, 15), "Change implemented")]);
    }

    [Fact]
    public void TheSvgIsValidXmlOpeningWithItsTitleAndDescription()
    {
        var view = View();

        var svg = ChartDrawing.Svg(view, "chart-1");

        var root = XDocument.Parse(svg).Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("img", root.Attribute("role")!.Value);
        Assert.Equal("chart-1-title chart-1-desc", root.Attribute("aria-labelledby")!.Value);
        Assert.NotNull(root.Attribute("viewBox"));
        var children = root.Elements().Take(2).ToList();
        Assert.Equal([Svg + "title", Svg + "desc"], children.Select(c => c.Name));
        Assert.Equal(view.Title, children[0].Value);
        Assert.Contains("P-chart", children[1].Value);
        Assert.Contains("Change implemented (15 Dec 2025)", children[1].Value);
        Save("chart-p.svg", svg);
    }

    [Fact]
    public void TwoChartsOnOnePageNeverShareAnId()
    {
        var ids = new[] { "a", "b" }.Select(prefix => XDocument.Parse(ChartDrawing.Svg(View(), prefix)).Descendants()
            .Select(e => e.Attribute("id")?.Value).OfType<string>().ToHashSet()).ToList();

        Assert.NotEmpty(ids[0]);
        Assert.Empty(ids[0].Intersect(ids[1]));
    }

    [Fact]
    public void UserTextInTheTitleIsEscaped()
    {
        var svg = ChartDrawing.Svg(View(name: "<script>alert(1)</script> & more"));

        Assert.DoesNotContain("<script>", svg);
        Assert.Equal("<script>alert(1)</script> & more", XDocument.Parse(svg).Root!.Element(Svg + "title")!.Value.Split(" (")[0]);
    }

    [Theory]
    [InlineData(18, ChartPreference.Automatic, "chart-p.png")]
    [InlineData(10, ChartPreference.RunChart, "chart-run.png")]
    [InlineData(0, ChartPreference.Automatic, "chart-empty.png")]
    public void ThePngHasThePngSignatureAndTheSizeAskedFor(int months, ChartPreference preference, string file)
    {
        var png = ChartDrawing.Png(View(months, preference), 640, 360);

        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(360, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
        Save(file, png);
    }

    /// <summary>Kept under .run/charts for a person to look at.</summary>
    private static void Save(string name, object content)
    {
        var dir = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, ".run", "charts")).FullName;
        if (content is byte[] bytes) File.WriteAllBytes(Path.Combine(dir, name), bytes);
        else File.WriteAllText(Path.Combine(dir, name), (string)content);
    }
}
