package io.sluice.report;

import static io.sluice.report.SampleReports.failing;
import static io.sluice.report.SampleReports.passing;
import static io.sluice.report.SampleReports.report;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Severity;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class HtmlReportTest {
  private static final String HOSTILE = "</td><script>alert('x')</script>&amp;\u001b[31m";

  private static final RunReport REPORT = report(List.of(
      failing("email.pattern", "email", Severity.ERROR, 40, new ValueCount("n/a", 30), new ValueCount(HOSTILE, 10)),
      failing("phone.pattern", "phone", Severity.WARN, 10, new ValueCount("0000", 10)),
      passing("id.required")), List.of());

  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
  }

  private static List<Element> all(Document d, String xpath) throws Exception {
    NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, d, XPathConstants.NODESET);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  @Test
  void thePageNamesNoUrlAndRunsNoScript() {
    String html = HtmlReport.html(REPORT, history(3));
    assertThat(html).doesNotContainIgnoringCase("http:").doesNotContainIgnoringCase("https:")
        .doesNotContain("//").doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("src=")
        .doesNotContainIgnoringCase("url(").doesNotContainIgnoringCase("@import");
    assertThat(html).contains("Content-Security-Policy\" content=\"default-src 'none'");
  }

  @Test
  void anOffendingValueIsShownAsTextWhateverItHolds() throws Exception {
    Document d = parse(HtmlReport.html(REPORT));
    List<String> shown = all(d, "//td[@class='val']").stream().map(Element::getTextContent).toList();
    assertThat(shown).containsExactly("n/a", "</td><script>alert('x')</script>&amp;\\u001b[31m", "0000");
  }

  @Test
  void aNullOffendingValueReadsNullAndEstimatedCountsAreMarked() throws Exception {
    RunReport r = report(List.of(new CheckResult("id.required", "required", Optional.of("id"), Severity.ERROR, 12,
        List.of(new ValueCount(null, 12)), false)), List.of());
    Document d = parse(HtmlReport.html(r));
    assertThat(all(d, "//td[@class='val']").get(0).getTextContent()).isEqualTo("null");
    assertThat(all(d, "//section[@id='offending-values']//td[@class='n']").get(0).getTextContent()).isEqualTo("≈12");
    assertThat(all(d, "//section[@id='offending-values']").get(0).getTextContent()).contains("Counts are estimates");
  }

  @Test
  void offendingValuesNotCollectedAreSaidOnceNotPerCheck() throws Exception {
    RunReport r = report(List.of(failing("a.pattern", "a", Severity.ERROR, 3), failing("b.range", "b", Severity.WARN, 2),
        failing("c.range", "c", Severity.WARN, 1, new ValueCount("7", 1))), List.of());
    Document d = parse(HtmlReport.html(report(r.checks().subList(0, 2), List.of())));
    assertThat(all(d, "//section[@id='offending-values']/p")).extracting(Element::getTextContent)
        .containsExactly("Not collected for this run.");
    Document some = parse(HtmlReport.html(r));
    assertThat(all(some, "//section[@id='offending-values']//h3")).hasSize(3);
    assertThat(all(some, "//section[@id='offending-values']//td[@class='val']")).extracting(Element::getTextContent)
        .containsExactly("7");
  }

  @Test
  void theBarChartHasABarPerFailingCheckLongestFirstColouredBySeverity() throws Exception {
    Document d = parse(HtmlReport.html(REPORT));
    List<Element> bars = all(d, "//section[@id='failing-rows']//*[local-name()='rect']");
    assertThat(bars).hasSize(2);
    assertThat(bars.get(0).getAttribute("class")).isEqualTo("bar FAILED");
    assertThat(bars.get(0).getTextContent()).isEqualTo("email.pattern: 40 rows");
    assertThat(bars.get(1).getAttribute("class")).isEqualTo("bar WARNED");
    assertThat(Double.parseDouble(bars.get(1).getAttribute("width")))
        .isCloseTo(Double.parseDouble(bars.get(0).getAttribute("width")) / 4, org.assertj.core.data.Offset.offset(0.1));
  }

  @Test
  void malformedRecordsGetABarOfTheirOwn() throws Exception {
    RunReport r = new RunReport("r", "orders", "1.0.0", 10, 7, 3, 0, 3, List.of(passing("id.required")), List.of());
    Document d = parse(HtmlReport.html(r));
    assertThat(all(d, "//section[@id='failing-rows']//*[local-name()='rect']")).extracting(Element::getTextContent)
        .containsExactly("_record.malformed: 3 rows");
  }

  @Test
  void aRunWithoutFailuresSaysSoInsteadOfAChart() throws Exception {
    Document d = parse(HtmlReport.html(report(List.of(passing("id.required")), List.of())));
    assertThat(all(d, "//*[local-name()='svg']")).isEmpty();
    assertThat(all(d, "//section[@id='failing-rows']").get(0).getTextContent()).contains("No check failed a row.");
    assertThat(all(d, "//section[@id='offending-values']")).isEmpty();
  }

  @Test
  void tilesGiveCountsErrorRateDurationAndThroughput() throws Exception {
    Document d = parse(HtmlReport.html(REPORT.withDuration(Duration.ofMillis(2500))));
    List<String> tiles = all(d, "//div[starts-with(@class,'tile')]").stream()
        .map(t -> t.getFirstChild().getTextContent() + "=" + t.getLastChild().getTextContent()).toList();
    assertThat(tiles).containsExactly("rows in=1,000", "valid=960", "quarantined=40", "error rate=4.00%",
        "duration=2.5 s", "throughput=400 rows/s");
  }

  @Test
  void anUntimedRunSaysItWasNotTimed() throws Exception {
    Document d = parse(HtmlReport.html(REPORT));
    assertThat(all(d, "//div[starts-with(@class,'tile')]/div[@class='v']")).extracting(Element::getTextContent)
        .endsWith("not timed", "not timed");
  }

  @Test
  void aDatasetCheckShowsItsThresholdAndValue() throws Exception {
    RunReport r = report(List.of(), List.of(new DatasetCheckResult("dataset.row_count", "row_count", Optional.empty(),
        Severity.ERROR, Optional.of(12.0), false, Optional.of("value >= 100 AND value <= 5000"))));
    Document d = parse(HtmlReport.html(r));
    assertThat(all(d, "//section[@id='dataset-checks']//tr[2]/td").stream().map(Element::getTextContent).toList())
        .containsExactly("dataset.row_count", "row_count", "", "error", "value >= 100 AND value <= 5000", "12",
            "FAILED");
  }

  @Test
  void metricsReadAsAPersonWritesThem() {
    assertThat(HtmlReport.number(1_587_000.0)).isEqualTo("1,587,000");
    assertThat(HtmlReport.number(0.95)).isEqualTo("0.95");
    assertThat(HtmlReport.number(1.0 / 3)).isEqualTo("0.333333");
    assertThat(HtmlReport.number(0.0)).isEqualTo("0");
  }

  @Test
  void withoutHistoryTheTrendSectionSaysSo() throws Exception {
    Document d = parse(HtmlReport.html(REPORT));
    Element trends = all(d, "//section[@id='trends']").get(0);
    assertThat(trends.getTextContent()).contains("No history of this contract yet");
    assertThat(all(d, "//section[@id='trends']//*[local-name()='svg']")).isEmpty();
  }

  @Test
  void trendChartsPlotRowsInAndErrorRateOfEveryRunOldestLeft() throws Exception {
    List<TrendPoint> history = new ArrayList<>(history(4));
    java.util.Collections.reverse(history);
    Document d = parse(HtmlReport.html(REPORT, history));
    List<Element> charts = all(d, "//section[@id='trends']//*[local-name()='svg']");
    assertThat(charts).extracting(c -> c.getAttribute("aria-label")).containsExactly("Rows in per run",
        "Error rate per run");
    List<Element> rows = all(d, "(//section[@id='trends']//*[local-name()='svg'])[1]//*[local-name()='circle']");
    assertThat(rows).extracting(Element::getTextContent).containsExactly("run-0 at 2026-12-01 00:00: 1,000",
        "run-1 at 2026-12-02 00:00: 2,000", "run-2 at 2026-12-03 00:00: 3,000", "run-3 at 2026-12-04 00:00: 4,000");
    double x0 = Double.parseDouble(rows.get(0).getAttribute("cx"));
    double x3 = Double.parseDouble(rows.get(3).getAttribute("cx"));
    double y0 = Double.parseDouble(rows.get(0).getAttribute("cy"));
    double y3 = Double.parseDouble(rows.get(3).getAttribute("cy"));
    assertThat(x0).isLessThan(x3);
    assertThat(y0).as("fewer rows sit lower (SVG's y grows downwards)").isGreaterThan(y3);
    assertThat(all(d, "(//section[@id='trends']//*[local-name()='svg'])[2]//*[local-name()='circle']"))
        .extracting(Element::getTextContent).contains("run-3 at 2026-12-04 00:00: 4.00%");
  }

  /** Runs a day apart, the i-th with 1000·(i+1) rows and an error rate of i+1 %. */
  private static List<TrendPoint> history(int runs) {
    List<TrendPoint> points = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      points.add(new TrendPoint("run-" + i, Instant.parse("2026-12-01T00:00:00Z").plus(Duration.ofDays(i)),
          1000L * (i + 1), (i + 1) / 100.0));
    }
    return points;
  }
}
