package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Location;
import io.sluice.contract.Node;
import io.sluice.contract.Problem.Kind;
import io.sluice.contract.Problems;
import io.sluice.contract.Suggest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Reads a check's arguments, reporting each mistake at the argument's own location. */
final class Args {
  private final CheckSpec spec;
  private final Problems problems;

  Args(CheckSpec spec, Problems problems) {
    this.spec = spec;
    this.problems = problems;
  }

  String what() {
    return "check " + Excerpt.quoted(spec.id());
  }

  void problem(Kind kind, Location where, String message, String hint) {
    problems.add(kind, where, message, hint);
  }

  /** The arguments as a mapping with only {@code allowed} keys; {@code example} shows the right form. */
  Optional<Node.Mapping> mapping(List<String> allowed, String example) {
    if (!(spec.args() instanceof Node.Mapping m)) {
      problems.add(Kind.WRONG_SHAPE, spec.args().location(), spec.kind() + " takes a mapping, not " + spec.args().describe(),
          "write it as '" + example + "'");
      return Optional.empty();
    }
    for (String key : m.keys().keySet()) {
      if (!allowed.contains(key)) {
        problems.add(Kind.UNKNOWN_KEY, m.keyLocation(key), "unknown argument " + Excerpt.quoted(key) + " of " + spec.kind()
                + Suggest.didYouMean(key, allowed),
            spec.kind() + " takes: " + String.join(", ", allowed));
      }
    }
    return Optional.of(m);
  }

  Optional<String> text(String example) {
    if (spec.args() instanceof Node.Scalar s && s.value() instanceof String t) {
      if (t.isBlank()) {
        problems.add(Kind.INVALID_VALUE, s.location(), spec.kind() + " is blank", "write it as '" + example + "'");
        return Optional.empty();
      }
      return Optional.of(t);
    }
    problems.add(Kind.WRONG_SHAPE, spec.args().location(), spec.kind() + " takes a string, not " + spec.args().describe(),
        "write it as '" + example + "'");
    return Optional.empty();
  }

  /** A number argument, one Spark can read as a literal; {@code absent} when missing. */
  Optional<BigDecimal> number(Node.Mapping m, String key) {
    return m.get(key).flatMap(n -> {
      if (n instanceof Node.Scalar s && s.asNumber().isPresent()) {
        if (!Sql.fits(s.asNumber().get())) {
          problems.add(Kind.INVALID_VALUE, n.location(), "'" + key + "' of " + spec.kind() + " is " + Excerpt.of(s.text()) + ", " + Sql.UNFIT,
              Sql.UNFIT_HINT);
          return Optional.empty();
        }
        return s.asNumber();
      }
      problems.add(Kind.WRONG_SHAPE, n.location(), "'" + key + "' of " + spec.kind() + " must be a number, not " + n.describe(),
          "write a plain number, e.g. '" + key + ": 0'");
      return Optional.empty();
    });
  }

  Optional<Long> count(Node.Mapping m, String key) {
    return number(m, key).flatMap(n -> {
      if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0) {
        problems.add(Kind.INVALID_VALUE, m.get(key).orElseThrow().location(), "'" + key + "' of " + spec.kind() + " must be a whole number >= 0, not " + n.toPlainString(),
            "write a count such as '" + key + ": 1'");
        return Optional.empty();
      }
      try {
        return Optional.of(n.longValueExact());
      } catch (ArithmeticException e) {
        problems.add(Kind.INVALID_VALUE, m.get(key).orElseThrow().location(), "'" + key + "' is too large", "use a value below 2^63");
        return Optional.empty();
      }
    });
  }

  Optional<String> string(Node.Mapping m, String key) {
    return m.get(key).flatMap(n -> {
      if (n instanceof Node.Scalar s && s.value() instanceof String t) {
        return Optional.of(t);
      }
      problems.add(Kind.WRONG_SHAPE, n.location(), "'" + key + "' of " + spec.kind() + " must be a string, not " + n.describe(),
          "quote the value");
      return Optional.empty();
    });
  }

  /** Reports a missing argument at the check's location. */
  boolean require(Node.Mapping m, String key, String hint) {
    if (m.get(key).isPresent()) {
      return true;
    }
    problems.add(Kind.MISSING_KEY, m.location(), spec.kind() + " of " + what() + " needs '" + key + "'", hint);
    return false;
  }

  /** {@code min <= max}, reported at min's location. */
  boolean ordered(Node.Mapping m, Optional<? extends Comparable<?>> min, Optional<? extends Comparable<?>> max,
      String shownMin, String shownMax) {
    if (min.isPresent() && max.isPresent() && compare(min.get(), max.get()) > 0) {
      problems.add(Kind.INVALID_VALUE, m.get("min").map(Node::location).orElse(m.location()),
          "min " + Excerpt.of(shownMin) + " is greater than max " + Excerpt.of(shownMax) + " in " + spec.kind() + " of " + what(),
          "swap them, or fix the bound (bounds are inclusive)");
      return false;
    }
    return true;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Comparable a, Object b) {
    return a.compareTo(b);
  }

  /** At least one of min / max. */
  boolean someBound(Node.Mapping m) {
    if (m.get("min").isEmpty() && m.get("max").isEmpty()) {
      problems.add(Kind.MISSING_KEY, m.location(), spec.kind() + " of " + what() + " has neither 'min' nor 'max'",
          "give at least one bound: '" + spec.kind() + ": { min: 0, max: 100 }'");
      return false;
    }
    return true;
  }
}
