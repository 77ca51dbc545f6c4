package io.sluice.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SemanticVersionTest {
  private static SemanticVersion v(String s) {
    return SemanticVersion.parse(s).orElseThrow();
  }

  @Test
  void parsesFullSemver() {
    assertThat(v("1.4.0-rc.1+build.5")).isEqualTo(new SemanticVersion(1, 4, 0, "rc.1", "build.5"));
    assertThat(v("1.4.0-rc.1+build.5")).hasToString("1.4.0-rc.1+build.5");
  }

  @Test
  void refusesWhatIsNotSemver() {
    assertThat(SemanticVersion.parse("1.4")).isEmpty();
    assertThat(SemanticVersion.parse("01.4.0")).isEmpty();
    assertThat(SemanticVersion.parse("v1.4.0")).isEmpty();
  }

  @Test
  void ordersByPrecedence() {
    assertThat(v("1.0.0-alpha")).isLessThan(v("1.0.0-alpha.1"));
    assertThat(v("1.0.0-alpha.1")).isLessThan(v("1.0.0-beta"));
    assertThat(v("1.0.0-beta.2")).isLessThan(v("1.0.0-beta.11"));
    assertThat(v("1.0.0-rc.1")).isLessThan(v("1.0.0"));
    assertThat(v("1.9.0")).isLessThan(v("1.10.0"));
    assertThat(v("1.0.0+a").compareTo(v("1.0.0+b"))).isZero();
  }
}
