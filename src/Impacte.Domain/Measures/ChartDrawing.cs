using System.Globalization;
using System.Security;
using System.Text.RegularExpressions;
using ScottPlot;

namespace Impacte.Domain.Measures;

/// <summary>
/// Draws a measure's chart with ScottPlot: SVG for pages (with a title and a description in words inside it), PNG for
/// emails. The Api and the Worker both draw through here, so a chart looks the same wherever it is read.
/// Proportions are drawn in percent on a fixed 0–100 axis; periods without a value leave a gap on the axis.
/// </summary>
public static partial class ChartDrawing
{
    public const int Width = 800, Height = 420;

    // NHS identity colours: improvement blue, concern orange, everything else in greys.
    private static readonly Color Ink = Color.FromHex("#425563"), Improvement = Color.FromHex("#005EB8"),
        Concern = Color.FromHex("#ED8B00"), CentreInk = Color.FromHex("#212B32"), LimitInk = Color.FromHex("#768692"),
        StandardInk = Color.FromHex("#007F3B"), AnnotationInk = Color.FromHex("#330072");

    /// <summary>An SVG document whose first children are &lt;title&gt; and &lt;desc&gt;; ids carry <paramref name="idPrefix"/> so several charts can sit inline on one page.</summary>
    public static string Svg(MeasureChartView view, string idPrefix = "chart", int width = Width, int height = Height)
    {
        using var plot = Draw(view);
        var svg = plot.GetSvgXml(width, height);
        var titleId = $"{idPrefix}-title";
        var descId = $"{idPrefix}-desc";
        // ScottPlot numbers its clip paths the same in every chart: prefix them, or inline charts would clip each other.
        svg = ClipId().Replace(svg, m => $"{m.Groups[1].Value}{idPrefix}-{m.Groups[2].Value}");
        return OpeningTag().Replace(svg, m =>
            $"{m.Value[..^1]} role=\"img\" aria-labelledby=\"{titleId} {descId}\" viewBox=\"0 0 {width} {height}\">" +
            $"<title id=\"{titleId}\">{SecurityElement.Escape(view.Title)}</title>" +
            $"<desc id=\"{descId}\">{SecurityElement.Escape(view.Description)}</desc>", 1);
    }

    public static byte[] Png(MeasureChartView view, int width = Width, int height = Height)
    {
        using var plot = Draw(view);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    [GeneratedRegex(@"<svg\b[^>]*>")]
    private static partial Regex OpeningTag();

    [GeneratedRegex(@"(id=""|url\(#)(cl_\d+)")]
    private static partial Regex ClipId();

    private static Plot Draw(MeasureChartView view)
    {
        var chart = view.Chart;
        var measure = view.Measure;
        var percent = measure.IsProportion;
        double Y(decimal value) => (double)(percent ? value * 100 : value);

        var plot = new Plot();
        // Debian's DejaVu Sans is there on every machine we run on; ScottPlot would otherwise pick a serif.
        plot.Font.Set("DejaVu Sans");
        plot.Title(view.Title, 15);
        plot.YLabel(percent ? "Percent" : "Count");

        if (chart.Points.Count == 0)
        {
            var empty = plot.Add.Text("No measurements yet", 0.5, 0.5);
            empty.LabelFontSize = 16;
            empty.LabelFontColor = Ink;
            empty.Alignment = Alignment.MiddleCenter;
            plot.Axes.SetLimits(0, 1, 0, 1);
            plot.HideGrid();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([], []);
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([], []);
            return plot;
        }

        var first = chart.Points[0].Ordinal;
        double X(int ordinal) => ordinal - first;
        var xs = chart.Points.Select(p => X(p.Ordinal)).ToArray();
        var ys = chart.Points.Select(p => Y(p.Value)).ToArray();

        // Centre line and limits, one run per baseline segment so a re-baseline shows as a step.
        var segments = Segments(chart);
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var sx = segment.Select(p => X(p.Ordinal)).ToArray();
            var centre = plot.Add.Scatter(sx, segment.Select(p => Y(p.Centre)).ToArray(), CentreInk);
            centre.MarkerSize = 0;
            centre.LineWidth = 1.5f;
            if (i == 0) centre.LegendText = chart.Kind == ChartKind.Run ? "Median (baseline)" : "Mean (baseline)";
            if (chart.Kind == ChartKind.Run) continue;
            foreach (var limit in new Func<ChartPoint, decimal?>[] { p => p.UpperLimit, p => p.LowerLimit })
            {
                var line = plot.Add.Scatter(sx, segment.Select(p => Y(limit(p) ?? p.Centre)).ToArray(), LimitInk);
                line.MarkerSize = 0;
                line.LinePattern = LinePattern.Dashed;
                if (chart.Kind == ChartKind.P) line.ConnectStyle = ConnectStyle.StepHorizontal;
                if (i == 0 && limit(chart.Points[0]) == chart.Points[0].UpperLimit) line.LegendText = "Control limits (3σ)";
            }
        }

        if (measure.StandardPercent is { } standard && percent)
        {
            var line = plot.Add.HorizontalLine((double)standard, 1.5f, StandardInk, LinePattern.Dotted);
            line.LegendText = $"Standard {standard.ToString("0.##", CultureInfo.InvariantCulture)}%";
        }

        var data = plot.Add.Scatter(xs, ys, Ink);
        data.LineWidth = 2;
        data.MarkerSize = 6;
        data.LegendText = "Measured";

        // Points in a signal, coloured by what it means (Making Data Count's blue and orange).
        foreach (var meaning in new[] { SignalMeaning.Improvement, SignalMeaning.Concern })
        {
            var inSignal = chart.Points.Where(p => chart.Signals.Any(s => s.Meaning == meaning && Covers(chart, s, p))).ToList();
            if (inSignal.Count == 0) continue;
            var markers = plot.Add.Markers(inSignal.Select(p => X(p.Ordinal)).ToArray(), inSignal.Select(p => Y(p.Value)).ToArray(),
                MarkerShape.FilledCircle, 10, meaning == SignalMeaning.Improvement ? Improvement : Concern);
            markers.LegendText = meaning == SignalMeaning.Improvement ? "Signal: improvement" : "Signal: concern";
        }

        var (low, high) = percent ? (0d, 100d) : YRange(chart, Y);
        plot.Axes.SetLimits(-0.5, X(chart.Points[^1].Ordinal) + 0.5, low, high);

        // Annotations: a line at the date, labelled at the top of the plot.
        var kind = measure.Period;
        foreach (var annotation in view.Annotations)
        {
            var period = MeasurePeriod.Containing(kind, annotation.Date);
            var fraction = (annotation.Date.DayNumber - period.Start.DayNumber) / (double)(period.End.DayNumber - period.Start.DayNumber + 1);
            // Periods are plotted at their centre, so a date is placed relative to its period's middle.
            var x = X(period.Ordinal) + fraction - 0.5;
            if (x < -0.5 || x > X(chart.Points[^1].Ordinal) + 0.5) continue;
            plot.Add.VerticalLine(x, 1, AnnotationInk, LinePattern.DenselyDashed);
            var label = plot.Add.Text(annotation.Label, x, high);
            label.LabelFontSize = 11;
            label.LabelFontColor = AnnotationInk;
            // Reads upwards just left of its line, from the top of the plot, on a veil so points behind stay visible.
            label.LabelRotation = -90;
            label.Alignment = Alignment.LowerRight;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.75);
        }

        // Period labels, thinned so they never overlap.
        var span = chart.Points[^1].Ordinal - first + 1;
        var step = Math.Max(1, (int)Math.Ceiling(span / 14.0));
        var ticks = Enumerable.Range(0, span).Where(i => i % step == 0).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(i => (double)i).ToArray(), ticks.Select(i => new MeasurePeriod(kind, first + i).Label).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>Runs of points under one baseline: a re-baseline moves the centre line, which starts a new run.</summary>
    private static List<List<ChartPoint>> Segments(MeasureChart chart)
    {
        var segments = new List<List<ChartPoint>>();
        foreach (var point in chart.Points)
        {
            if (segments.Count == 0 || segments[^1][^1].Centre != point.Centre) segments.Add([]);
            segments[^1].Add(point);
        }
        return segments;
    }

    private static bool Covers(MeasureChart chart, ChartSignal signal, ChartPoint point)
    {
        var from = chart.Points.First(p => p.Period == signal.FromPeriod).Ordinal;
        var to = chart.Points.First(p => p.Period == signal.ToPeriod).Ordinal;
        return point.Ordinal >= from && point.Ordinal <= to;
    }

    private static (double Low, double High) YRange(MeasureChart chart, Func<decimal, double> y)
    {
        var values = chart.Points.SelectMany(p => new[] { p.Value, p.Centre, p.UpperLimit ?? p.Centre, p.LowerLimit ?? p.Centre }).Select(y).ToList();
        var high = values.Max();
        var low = Math.Min(0, values.Min());
        return (low, high <= low ? low + 1 : high + (high - low) * 0.15);
    }
}
