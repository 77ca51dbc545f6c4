package io.sluice.spark.suggest;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.PatternMatch;
import com.amazon.deequ.analyzers.runners.AnalysisRunBuilder;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.profiles.ColumnProfile;
import com.amazon.deequ.suggestions.ConstraintSuggestion;
import com.amazon.deequ.suggestions.ConstraintSuggestionResult;
import com.amazon.deequ.suggestions.ConstraintSuggestionRunner;
import com.amazon.deequ.suggestions.rules.CategoricalRangeRule;
import com.amazon.deequ.suggestions.rules.CompleteIfCompleteRule;
import com.amazon.deequ.suggestions.rules.ConstraintRule;
import com.amazon.deequ.suggestions.rules.UniqueIfApproximatelyUniqueRule;
import io.sluice.check.LinearRegex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * What Deequ finds in the data: its column profiles ({@code ColumnProfilerRunner}, run by
 * {@code ConstraintSuggestionRunner}) and the suggestions of three of its rules, each mapped to one part of a
 * contract — {@code CompleteIfCompleteRule} to {@code required}, {@code CategoricalRangeRule} to
 * {@code allowed_values} (from the profile's histogram), {@code UniqueIfApproximatelyUniqueRule} to a candidate
 * for {@code unique}, which is then counted exactly ({@link KeySearch}). Deequ's type inference is not used: its
 * "Integral" and "Fractional" are not the contract's strict types ({@link TypeInference} decides those).
 *
 * <p>Deequ reads columns by name with {@code col()}, so it is given columns renamed {@code c0}, {@code c1}… (a
 * name with a dot would not resolve).
 */
final class DeequProfile {
  private DeequProfile() {}

  /** Histograms, and so allowed values, are computed for columns with at most this many distinct values. */
  static final int LOW_CARDINALITY = 20;
  /** Allowed values are codes: a column with a longer value gets none. */
  static final int MAX_ALLOWED_VALUE_LENGTH = 100;

  /** One column as Deequ profiled it, and which of the three rules suggested something for it. */
  record Profile(double completeness, long approxDistinct, Map<String, Long> histogram, boolean complete,
      boolean categorical, boolean nearlyUnique) {
    Profile {
      histogram = java.util.Collections.unmodifiableMap(new TreeMap<>(histogram));
    }

    /** The values of a low-cardinality column Deequ suggests constraining to, in order; empty otherwise. */
    List<String> allowedValues() {
      if (!categorical) {
        return List.of();
      }
      List<String> values = new ArrayList<>();
      for (String v : histogram.keySet()) {
        // Deequ's histogram names nulls with a placeholder; a column without nulls has none, so keep the word there.
        if (completeness < 1.0 && v.equals(com.amazon.deequ.analyzers.Histogram$.MODULE$.NullFieldReplacement())) {
          continue;
        }
        if (v.length() > MAX_ALLOWED_VALUE_LENGTH) {
          return List.of();
        }
        values.add(v);
      }
      return values;
    }
  }

  /** A pattern of Deequ's {@code Patterns} that every non-null value of a column contains. */
  record FoundPattern(String name, String regex) {}

  /** Profiles every column of {@code renamed} (named {@code c0}, {@code c1}…); one profile per column, in order. */
  static List<Profile> of(Dataset<Row> renamed) {
    List<ConstraintRule<ColumnProfile>> rules = new ArrayList<>();
    for (ConstraintRule<ColumnProfile> r : JavaConverters.seqAsJavaList(com.amazon.deequ.suggestions.Rules$.MODULE$.EXTENDED())) {
      if (r instanceof CompleteIfCompleteRule || r instanceof CategoricalRangeRule || r instanceof UniqueIfApproximatelyUniqueRule) {
        rules.add(r);
      }
    }
    ConstraintSuggestionResult result = new ConstraintSuggestionRunner().onData(renamed)
        .addConstraintRules(JavaConverters.asScalaBuffer(rules).toSeq())
        .withLowCardinalityHistogramThreshold(LOW_CARDINALITY)
        .run();
    Map<String, ColumnProfile> profiles = JavaConverters.mapAsJavaMap(result.columnProfiles());
    Map<String, scala.collection.Seq<ConstraintSuggestion>> suggested = JavaConverters.mapAsJavaMap(result.constraintSuggestions());
    List<Profile> out = new ArrayList<>();
    for (String name : renamed.columns()) {
      ColumnProfile p = profiles.get(name);
      boolean complete = false;
      boolean categorical = false;
      boolean nearlyUnique = false;
      if (suggested.containsKey(name)) {
        for (ConstraintSuggestion s : JavaConverters.seqAsJavaList(suggested.get(name))) {
          complete |= s.suggestingRule() instanceof CompleteIfCompleteRule;
          categorical |= s.suggestingRule() instanceof CategoricalRangeRule;
          nearlyUnique |= s.suggestingRule() instanceof UniqueIfApproximatelyUniqueRule;
        }
      }
      Map<String, Long> histogram = new LinkedHashMap<>();
      if (p.histogram().isDefined()) {
        JavaConverters.mapAsJavaMap(p.histogram().get().values()).forEach((v, d) -> histogram.put(v, d.absolute()));
      }
      out.add(new Profile(p.completeness(), p.approximateNumDistinctValues(), histogram, complete, categorical, nearlyUnique));
    }
    return out;
  }

  /**
   * Deequ's {@code Patterns} that the engine can run: each is given to {@code pattern} as it is, so one that
   * {@code sluice lint} refuses (its US social security number and credit card patterns use lookahead and
   * back-references) is left out.
   */
  static List<FoundPattern> runnablePatterns() {
    var p = com.amazon.deequ.analyzers.Patterns$.MODULE$;
    List<FoundPattern> all = List.of(new FoundPattern("EMAIL", p.EMAIL().regex()), new FoundPattern("URL", p.URL().regex()),
        new FoundPattern("SOCIAL_SECURITY_NUMBER_US", p.SOCIAL_SECURITY_NUMBER_US().regex()),
        new FoundPattern("CREDITCARD", p.CREDITCARD().regex()));
    return all.stream().filter(f -> LinearRegex.refusal(f.regex()).isEmpty()).toList();
  }

  /**
   * For each of {@code columns} (names of {@code renamed}), the first runnable Deequ pattern found in every
   * non-null value, by Deequ's {@code PatternMatch} (a search, as a contract's {@code pattern} is): one pass.
   */
  @SuppressWarnings("unchecked")
  static Map<String, FoundPattern> patterns(Dataset<Row> renamed, List<String> columns) {
    Map<String, FoundPattern> found = new LinkedHashMap<>();
    List<FoundPattern> patterns = runnablePatterns();
    if (columns.isEmpty() || patterns.isEmpty()) {
      return found;
    }
    AnalysisRunBuilder run = com.amazon.deequ.analyzers.runners.AnalysisRunner$.MODULE$.onData(renamed);
    Map<PatternMatch, String[]> analyzers = new LinkedHashMap<>();
    for (String c : columns) {
      for (FoundPattern f : patterns) {
        PatternMatch m = new PatternMatch(c, new scala.util.matching.Regex(f.regex(), JavaConverters.asScalaBuffer(List.<String>of()).toSeq()),
            Option.apply(c + " IS NOT NULL"), Option.empty());
        analyzers.put(m, new String[] {c, f.name()});
        run = run.addAnalyzer((Analyzer<?, Metric<?>>) (Object) m);
      }
    }
    AnalyzerContext context = run.run();
    for (Map.Entry<PatternMatch, String[]> e : analyzers.entrySet()) {
      String column = e.getValue()[0];
      if (found.containsKey(column)) {
        continue;
      }
      Option<Metric<?>> metric = context.metric((Analyzer<?, Metric<?>>) (Object) e.getKey());
      if (metric.isDefined() && metric.get().value().isSuccess() && ((Double) metric.get().value().get()) == 1.0) {
        patterns.stream().filter(f -> f.name().equals(e.getValue()[1])).findFirst().ifPresent(f -> found.put(column, f));
      }
    }
    return found;
  }
}
