package io.sluice.contract;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A contract's version, {@code MAJOR.MINOR.PATCH[-pre][+build]} as semver.org defines it. */
public record SemanticVersion(long major, long minor, long patch, String preRelease, String build)
    implements Comparable<SemanticVersion> {

  private static final Pattern SEMVER = Pattern.compile(
      "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  public SemanticVersion {
    preRelease = preRelease == null ? "" : preRelease;
    build = build == null ? "" : build;
  }

  public static Optional<SemanticVersion> parse(String text) {
    Matcher m = SEMVER.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SemanticVersion(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
          Long.parseLong(m.group(3)), m.group(4), m.group(5)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Precedence per semver.org: build metadata is ignored, a pre-release sorts before its release. */
  @Override
  public int compareTo(SemanticVersion o) {
    int c = Long.compare(major, o.major);
    c = c != 0 ? c : Long.compare(minor, o.minor);
    c = c != 0 ? c : Long.compare(patch, o.patch);
    if (c != 0) {
      return c;
    }
    if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
      return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
    }
    String[] a = preRelease.split("\\.");
    String[] b = o.preRelease.split("\\.");
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      boolean an = a[i].chars().allMatch(Character::isDigit);
      boolean bn = b[i].chars().allMatch(Character::isDigit);
      int d = an && bn ? Long.compare(Long.parseLong(a[i]), Long.parseLong(b[i]))
          : an != bn ? (an ? -1 : 1) : a[i].compareTo(b[i]);
      if (d != 0) {
        return d;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease)
        + (build.isEmpty() ? "" : "+" + build);
  }
}
