package io.sluice.diff;

import static io.sluice.diff.Contracts.BASE;
import static io.sluice.diff.Contracts.edit;
import static io.sluice.diff.Contracts.load;
import static io.sluice.diff.Contracts.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.SemanticVersion;
import org.junit.jupiter.api.Test;

/** The version gate: a breaking change needs a major bump, any change some bump, and versions never go down. */
class ContractDiffTest {
  private static final String NO_QTY = edit(BASE, "  - name: qty\n    type: int\n", "");

  private static ContractDiff diff(String before, String after) {
    return ContractDiff.between("orders.yaml", load(before, "before.yaml"), load(after, "after.yaml"));
  }

  @Test
  void aBreakingChangeWithAMinorBumpIsRefused() {
    ContractDiff d = diff(BASE, version(NO_QTY, "1.5.0"));
    assertThat(d.requiredBump()).isEqualTo(Bump.MAJOR);
    assertThat(d.declaredBump()).contains(Bump.MINOR);
    assertThat(d.refusals()).singleElement().asString()
        .contains("1 change(s) break consumers").contains("1.4.0 -> 1.5.0 is a minor bump").contains("declare 2.0.0");
    assertThat(d.passes(false)).isFalse();
  }

  @Test
  void aBreakingChangeWithAMajorBumpPasses() {
    ContractDiff d = diff(BASE, version(NO_QTY, "2.0.0"));
    assertThat(d.refusals()).isEmpty();
    assertThat(d.passes(false)).isTrue();
  }

  @Test
  void aVersionThatGoesDownIsRefused() {
    ContractDiff d = diff(BASE, version(BASE, "1.3.9"));
    assertThat(d.versionWentDown()).isTrue();
    assertThat(d.declaredBump()).isEmpty();
    assertThat(d.refusals()).singleElement().asString().contains("version went down from 1.4.0 to 1.3.9");
  }

  @Test
  void aChangedContractWithAnUnchangedVersionIsRefused() {
    ContractDiff d = diff(BASE, edit(BASE, "owner: sales", "owner: finance"));
    assertThat(d.requiredBump()).isEqualTo(Bump.PATCH);
    assertThat(d.refusals()).singleElement().asString()
        .contains("the contract changed but its version is still 1.4.0: declare 1.4.1");
  }

  @Test
  void anUnchangedContractNeedsNoBump() {
    ContractDiff d = diff(BASE, edit(BASE, "kind: DataContract\n", "kind: DataContract   # reformatted\n\n"));
    assertThat(d.findings()).isEmpty();
    assertThat(d.refusals()).isEmpty();
  }

  @Test
  void aPatchBumpIsTooSmallForAnAddedColumn() {
    ContractDiff d = diff(BASE, version(edit(BASE, "  - name: qty\n", "  - name: note\n    type: string\n  - name: qty\n"), "1.4.1"));
    assertThat(d.requiredBump()).isEqualTo(Bump.MINOR);
    assertThat(d.refusals()).singleElement().asString().contains("needs a minor bump").contains("declare 1.5.0");
  }

  @Test
  void aLargerBumpThanNeededPasses() {
    assertThat(diff(BASE, version(edit(BASE, "owner: sales", "owner: finance"), "2.0.0")).refusals()).isEmpty();
  }

  @Test
  void producerFindingsFailOnlyWhenAskedTo() {
    ContractDiff d = diff(BASE, version(edit(BASE, "max: 100 }", "max: 50 }"), "1.5.0"));
    assertThat(d.count(Breaks.PRODUCERS)).isEqualTo(1);
    assertThat(d.passes(false)).isTrue();
    assertThat(d.passes(true)).isFalse();
  }

  @Test
  void aRemovedContractIsRefusedAndAnAddedOnePasses() {
    ContractDiff removed = ContractDiff.removed("orders.yaml", load(BASE, "HEAD:orders.yaml"));
    assertThat(removed.findings()).singleElement().extracting(Finding::rule, Finding::breaks)
        .containsExactly(Rule.CONTRACT_REMOVED, Breaks.CONSUMERS);
    assertThat(removed.passes(false)).isFalse();
    ContractDiff added = ContractDiff.added("orders.yaml", load(BASE, "orders.yaml"), "");
    assertThat(added.passes(true)).isTrue();
    assertThat(added.requiredBump()).isEqualTo(Bump.NONE);
  }

  @Test
  void bumpsAreReadFromTheVersions() {
    assertThat(Bump.between(v("1.4.0"), v("2.0.0"))).isEqualTo(Bump.MAJOR);
    assertThat(Bump.between(v("1.4.0"), v("1.5.0"))).isEqualTo(Bump.MINOR);
    assertThat(Bump.between(v("1.4.0"), v("1.4.1"))).isEqualTo(Bump.PATCH);
    assertThat(Bump.between(v("1.4.0-rc.1"), v("1.4.0"))).isEqualTo(Bump.PATCH);
    assertThat(Bump.between(v("1.4.0"), v("1.4.0"))).isEqualTo(Bump.NONE);
    assertThat(Bump.MAJOR.next(v("1.4.2"))).isEqualTo(v("2.0.0"));
    assertThat(Bump.MINOR.next(v("1.4.2"))).isEqualTo(v("1.5.0"));
  }

  private static SemanticVersion v(String text) {
    return SemanticVersion.parse(text).orElseThrow();
  }
}
