package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Severity;
import io.sluice.report.CheckResult;
import io.sluice.report.HtmlReport;
import io.sluice.report.RunReport;
import io.sluice.report.TrendPoint;
import io.sluice.report.ValueCount;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's HTML reports as a reader sees them: {@code sluice demo} from the packaged jar, then each page it wrote
 * rendered by headless Chromium (Debian's {@code chromium} package, which {@code .ci/run} installs). A page passes
 * when Chromium logs no console message for it (a blocked fetch, a script, a CSP violation would each log one) and
 * its charts are in the rendered DOM and painted on the screenshot. Without Chromium the test fails: it does not
 * skip.
 */
class DemoReportInChromiumIT {
  private static final Path JAR = Path.of(System.getProperty("sluice.jar", "target/sluice.jar")).toAbsolutePath();
  private static final List<String> FLAGS = Arrays.stream(System.getProperty("spark.jvm.flags", "").trim().split("\\s+"))
      .filter(f -> !f.isEmpty()).toList();
  // Bounds on child processes, not pauses: generous, as the cores may be shared with other builds.
  private static final Duration DEMO_WAIT = Duration.ofSeconds(600);
  private static final Duration BROWSER_WAIT = Duration.ofSeconds(120);
  // The page's CSS colours of an error-level bar, a warn-level bar and a trend point.
  private static final int RED = 0xcf222e;
  private static final int AMBER = 0xd4a72c;
  private static final int BLUE = 0x0969da;

  @TempDir static Path dir;
  private static String chromium;
  private static String demoOutput;

  @BeforeAll
  static void runTheDemo() throws Exception {
    chromium = chromium();
    Path log = dir.resolve("demo.log");
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g"));
    command.addAll(FLAGS);
    command.addAll(List.of("-jar", JAR.toString(), "demo", "--dir", dir.resolve("demo").toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(DEMO_WAIT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("sluice demo did not finish in " + DEMO_WAIT + ": " + Files.readString(log));
    }
    demoOutput = Files.readString(log);
    assertThat(p.exitValue()).as(demoOutput).isZero();
  }

  /** Chromium on the PATH, or a clear failure saying how to install it. */
  private static String chromium() {
    for (String name : List.of("chromium", "chromium-browser")) {
      for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path candidate = Path.of(folder, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new AssertionError("Cannot render the demo's HTML report: no chromium on the PATH; install Debian's"
        + " chromium package (sudo apt-get install chromium), as .ci/run does");
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** What Chromium made of a page: its DOM after load, its console messages and a screenshot. */
  record Rendered(String dom, List<String> console, BufferedImage screenshot) {
    long pixels(int rgb) {
      long n = 0;
      for (int y = 0; y < screenshot.getHeight(); y++) {
        for (int x = 0; x < screenshot.getWidth(); x++) {
          n += (screenshot.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
        }
      }
      return n;
    }

    int count(String regex) {
      return matches(dom, regex);
    }

    /** Matches of {@code regex} inside the page's {@code <section id="...">}. */
    int count(String section, String regex) {
      int start = dom.indexOf("<section id=\"" + section + "\"");
      assertThat(start).as("section " + section).isNotNegative();
      return matches(dom.substring(start, dom.indexOf("</section>", start)), regex);
    }

    private static int matches(String text, String regex) {
      Matcher m = Pattern.compile(regex).matcher(text);
      int n = 0;
      while (m.find()) {
        n++;
      }
      return n;
    }
  }

  private static Rendered render(Path page) throws Exception {
    Path work = Files.createTempDirectory(dir, "chromium");
    Path png = work.resolve("page.png");
    String dom = chromium(work, page, "--dump-dom");
    String log = Files.readString(work.resolve("chromium.err"), StandardCharsets.UTF_8);
    chromium(work, page, "--screenshot=" + png, "--window-size=1100,2400", "--hide-scrollbars");
    // Chromium logs each console message of the page (errors, CSP violations, blocked loads) as ":CONSOLE".
    List<String> console = log.lines().filter(l -> l.contains(":CONSOLE")).toList();
    return new Rendered(dom, console, ImageIO.read(png.toFile()));
  }

  private static String chromium(Path work, Path page, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--disable-gpu", "--no-sandbox",
        "--user-data-dir=" + work.resolve("profile"), "--enable-logging=stderr", "--v=0"));
    command.addAll(List.of(args));
    command.add(page.toUri().toString());
    Path out = work.resolve("chromium.out");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(work.resolve("chromium.err").toFile())
        .start();
    if (!p.waitFor(BROWSER_WAIT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("chromium did not render " + page + " in " + BROWSER_WAIT);
    }
    assertThat(p.exitValue()).as("chromium " + args[0] + " " + page + ": "
        + Files.readString(work.resolve("chromium.err"))).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static List<Path> pages() throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve("demo").resolve("reports"))) {
      return s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
    }
  }

  @Test
  void theDemoPrintsWhereEachPageIs() throws IOException {
    List<String> printed = demoOutput.lines().filter(l -> l.trim().startsWith("report -> "))
        .map(l -> l.trim().substring("report -> ".length())).toList();
    long datasets = demoOutput.lines().filter(l -> l.matches("  \\S+ +in +[0-9,]+ .*")).count();
    assertThat(datasets).as(demoOutput).isPositive();
    assertThat(printed).hasSize((int) datasets).allSatisfy(p -> assertThat(Path.of(p)).isRegularFile());
    assertThat(printed).extracting(p -> Path.of(p).getFileName().toString()).contains("bronze_orders.html",
        "silver_orders.html", "gold_churn_rate.html");
    assertThat(pages()).hasSameSizeAs(printed);
  }

  @Test
  void everyPageRendersWithoutAConsoleMessage() throws Exception {
    for (Path page : pages()) {
      Rendered r = render(page);
      assertThat(r.console()).as(page.toString()).isEmpty();
      assertThat(r.count("<section class=\"tiles\">")).as(page.toString()).isOne();
    }
  }

  @Test
  void silverOrdersShowsABarPerFailingCheckPaintedInItsSeverity() throws Exception {
    Rendered r = render(dir.resolve("demo/reports/silver_orders.html"));
    int failingInTable = r.count("row-checks", "<td class=\"(FAILED|WARNED)\">");
    assertThat(failingInTable).as("the demo's silver orders fail some checks").isPositive();
    assertThat(r.count("failing-rows", "<rect class=\"bar (FAILED|WARNED)\"")).isEqualTo(failingInTable);
    assertThat(r.pixels(RED)).as("error-level bars painted").isPositive();
    assertThat(r.pixels(AMBER)).as("warn-level bars painted").isPositive();
    assertThat(r.dom()).contains("No history of this contract yet");
  }

  @Test
  void trendChartsPaintAPointPerRun() throws Exception {
    RunReport report = new RunReport("run-3", "orders", "1.0.0", 900, 880, 20, 0, 0, List.of(new CheckResult(
        "email.pattern", "pattern", Optional.of("email"), Severity.ERROR, 20, List.of(new ValueCount("n/a", 20)), true)),
        List.of());
    Instant t = Instant.parse("2026-12-01T06:00:00Z");
    List<TrendPoint> history = List.of(new TrendPoint("run-1", t, 1000, 0.01),
        new TrendPoint("run-2", t.plus(Duration.ofDays(1)), 1100, 0.005), TrendPoint.of(report, t.plus(Duration.ofDays(2))));
    Path page = Files.writeString(dir.resolve("trend.html"), HtmlReport.html(report, history));
    Rendered r = render(page);
    assertThat(r.console()).isEmpty();
    assertThat(r.count("<svg class=\"chart line\"")).isEqualTo(2);
    assertThat(r.count("<circle class=\"point\"")).isEqualTo(2 * history.size());
    assertThat(r.count("<polyline class=\"trend\"")).isEqualTo(2);
    assertThat(r.pixels(BLUE)).as("trend lines and points painted").isPositive();
  }
}
