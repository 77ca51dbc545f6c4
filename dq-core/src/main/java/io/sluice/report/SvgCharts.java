package io.sluice.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * The HTML report's charts as inline SVG: drawn here so that the page needs no script and no network. Every
 * text goes through {@link HtmlReport#escape}; every mark carries a {@code <title>} (the browser's tooltip).
 */
final class SvgCharts {
  private static final int WIDTH = 760;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private SvgCharts() {}

  /** A bar of the failing-rows chart: a label, a count and the CSS class that colours it. */
  record Bar(String label, long count, String cssClass) {}

  /** Horizontal bars, longest first as given; the longest bar spans the plot. */
  static String bars(List<Bar> bars, String caption) {
    int label = 250;
    int plot = WIDTH - label - 110;
    int row = 26;
    int height = bars.size() * row + 8;
    long max = bars.stream().mapToLong(Bar::count).max().orElse(1);
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"chart bars\" role=\"img\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" aria-label=\"")
        .append(HtmlReport.escape(caption)).append("\">\n");
    int y = 4;
    for (Bar bar : bars) {
      double w = Math.max(2, (double) bar.count() / max * plot);
      String tip = bar.label() + ": " + String.format(Locale.ROOT, "%,d", bar.count()) + " rows";
      b.append("<g>");
      b.append("<text class=\"label\" x=\"").append(label - 8).append("\" y=\"").append(y + 17)
          .append("\" text-anchor=\"end\">").append(HtmlReport.escape(shorten(bar.label(), 34))).append("</text>");
      b.append("<rect class=\"bar ").append(bar.cssClass()).append("\" x=\"").append(label).append("\" y=\"")
          .append(y + 3).append("\" width=\"").append(fmt(w)).append("\" height=\"").append(row - 8).append("\">")
          .append("<title>").append(HtmlReport.escape(tip)).append("</title></rect>");
      b.append("<text class=\"value\" x=\"").append(fmt(label + w + 6)).append("\" y=\"").append(y + 17).append("\">")
          .append(String.format(Locale.ROOT, "%,d", bar.count())).append("</text>");
      b.append("</g>\n");
      y += row;
    }
    return b.append("</svg>\n").toString();
  }

  /** One point of a line chart. */
  record Point(String runId, Instant at, double value) {}

  /**
   * A line over time, a dot per run; the y axis starts at 0 so that a drop reads as one. Runs at the same instant
   * share an x; a single run is drawn in the middle.
   */
  static String line(List<Point> points, String caption, DoubleFunction<String> format) {
    int height = 200;
    int left = 90;
    int right = 30;
    int top = 16;
    int bottom = 40;
    int plotW = WIDTH - left - right;
    int plotH = height - top - bottom;
    long t0 = points.stream().map(Point::at).min(Instant::compareTo).orElseThrow().toEpochMilli();
    long t1 = points.stream().map(Point::at).max(Instant::compareTo).orElseThrow().toEpochMilli();
    double max = points.stream().mapToDouble(Point::value).max().orElse(0);
    double yMax = max > 0 ? max * 1.1 : 1;
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"chart line\" role=\"img\" width=\"").append(WIDTH).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" aria-label=\"")
        .append(HtmlReport.escape(caption)).append("\">\n");
    b.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(top + plotH).append("\" x2=\"")
        .append(left + plotW).append("\" y2=\"").append(top + plotH).append("\"/>");
    b.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(top).append("\" x2=\"")
        .append(left).append("\" y2=\"").append(top + plotH).append("\"/>\n");
    b.append("<text class=\"tick\" x=\"").append(left - 6).append("\" y=\"").append(top + 4)
        .append("\" text-anchor=\"end\">").append(HtmlReport.escape(format.apply(yMax))).append("</text>");
    b.append("<text class=\"tick\" x=\"").append(left - 6).append("\" y=\"").append(top + plotH + 4)
        .append("\" text-anchor=\"end\">").append(HtmlReport.escape(format.apply(0))).append("</text>\n");
    b.append("<text class=\"tick\" x=\"").append(left).append("\" y=\"").append(height - 12).append("\">")
        .append(DAY.format(Instant.ofEpochMilli(t0))).append("</text>");
    if (t1 > t0) {
      b.append("<text class=\"tick\" x=\"").append(left + plotW).append("\" y=\"").append(height - 12)
          .append("\" text-anchor=\"end\">").append(DAY.format(Instant.ofEpochMilli(t1))).append("</text>");
    }
    b.append('\n');
    StringBuilder path = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (Point p : points) {
      double x = t1 == t0 ? left + plotW / 2.0 : left + (double) (p.at().toEpochMilli() - t0) / (t1 - t0) * plotW;
      double y = top + plotH - p.value() / yMax * plotH;
      path.append(path.length() == 0 ? "" : " ").append(fmt(x)).append(',').append(fmt(y));
      dots.append("<circle class=\"point\" cx=\"").append(fmt(x)).append("\" cy=\"").append(fmt(y))
          .append("\" r=\"4\"><title>").append(HtmlReport.escape(p.runId() + " at " + DAY.format(p.at()) + ": "
              + format.apply(p.value()))).append("</title></circle>\n");
    }
    if (points.size() > 1) {
      b.append("<polyline class=\"trend\" points=\"").append(path).append("\"/>\n");
    }
    return b.append(dots).append("</svg>\n").toString();
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
