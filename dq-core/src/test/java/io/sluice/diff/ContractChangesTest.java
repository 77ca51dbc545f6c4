package io.sluice.diff;

import static io.sluice.diff.Contracts.BASE;
import static io.sluice.diff.Contracts.edit;
import static io.sluice.diff.Contracts.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule on a pair of contracts: the change, whom it breaks and the bump it needs. Each row edits
 * BASE; {@code reversed} rows compare the edit back to BASE (a removal read backwards is an addition).
 */
class ContractChangesTest {

  record Case(String name, String find, String replace, boolean reversed, Rule rule, Breaks breaks, Bump bump) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case change(String name, String find, String replace, Rule rule, Breaks breaks, Bump bump) {
    return new Case(name, find, replace, false, rule, breaks, bump);
  }

  private static Case back(String name, String find, String replace, Rule rule, Breaks breaks, Bump bump) {
    return new Case(name, find, replace, true, rule, breaks, bump);
  }

  private static final String QTY = "  - name: qty\n    type: int\n";
  private static final String KEY = "unique:\n  - [order_id, country]\n";
  private static final String REFERENCE = "    checks:\n      - references: { dataset: silver/stock, format: delta, column: qty }\n";
  private static final String ORDER_ID = "    required: true\n    unique: true\n";

  static Stream<Case> cases() {
    return Stream.of(
        change("a removed column breaks consumers", QTY, "", Rule.COLUMN_REMOVED, Breaks.CONSUMERS, Bump.MAJOR),
        back("an added optional column breaks nobody", QTY, "", Rule.COLUMN_ADDED, Breaks.NOBODY, Bump.MINOR),
        change("an added required column breaks producers", QTY, QTY + "  - name: note\n    type: string\n    required: true\n",
            Rule.COLUMN_ADDED, Breaks.PRODUCERS, Bump.MINOR),
        change("int to long widens", "type: int", "type: long", Rule.TYPE_WIDENED, Breaks.NOBODY, Bump.MINOR),
        back("long to int narrows", "type: int", "type: long", Rule.TYPE_NARROWED, Breaks.CONSUMERS, Bump.MAJOR),
        change("int to float is a type change", "type: int", "type: float", Rule.TYPE_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        change("decimal precision up at the same scale widens", "decimal(12,2)", "decimal(14,2)", Rule.TYPE_WIDENED,
            Breaks.NOBODY, Bump.MINOR),
        back("decimal precision down narrows", "decimal(12,2)", "decimal(14,2)", Rule.TYPE_NARROWED, Breaks.CONSUMERS, Bump.MAJOR),
        change("decimal scale changed is a type change", "decimal(12,2)", "decimal(14,3)", Rule.TYPE_CHANGED,
            Breaks.CONSUMERS, Bump.MAJOR),
        change("int to string is a type change", "type: int", "type: string", Rule.TYPE_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        change("required dropped breaks consumers", ORDER_ID, "    unique: true\n", Rule.REQUIRED_DROPPED, Breaks.CONSUMERS, Bump.MAJOR),
        back("required added breaks producers", ORDER_ID, "    unique: true\n", Rule.REQUIRED_ADDED, Breaks.PRODUCERS, Bump.MINOR),
        change("required lowered to warn breaks consumers", ORDER_ID, "    unique: true\n    required: { severity: warn }\n",
            Rule.SEVERITY_LOWERED, Breaks.CONSUMERS, Bump.MAJOR),
        change("unique dropped breaks consumers", ORDER_ID, "    required: true\n", Rule.UNIQUE_DROPPED, Breaks.CONSUMERS, Bump.MAJOR),
        back("unique added breaks producers", ORDER_ID, "    required: true\n", Rule.UNIQUE_ADDED, Breaks.PRODUCERS, Bump.MINOR),
        change("a key dropped breaks consumers", KEY, "", Rule.KEY_DROPPED, Breaks.CONSUMERS, Bump.MAJOR),
        back("a key added breaks producers", KEY, "", Rule.KEY_ADDED, Breaks.PRODUCERS, Bump.MINOR),
        change("a range widened breaks consumers", "max: 100 }", "max: 1000 }", Rule.RANGE_WIDENED, Breaks.CONSUMERS, Bump.MAJOR),
        change("a range bound removed widens it", "{ min: 0, max: 100 }", "{ min: 0 }", Rule.RANGE_WIDENED, Breaks.CONSUMERS, Bump.MAJOR),
        back("a range tightened breaks producers", "max: 100 }", "max: 1000 }", Rule.RANGE_TIGHTENED, Breaks.PRODUCERS, Bump.MINOR),
        change("the same range written differently is no change", "max: 100 }", "max: 100.00 }", null, null, Bump.NONE),
        change("a range removed breaks consumers", "    checks:\n      - range: { min: 0, max: 100 }\n", "",
            Rule.CHECK_REMOVED, Breaks.CONSUMERS, Bump.MAJOR),
        change("allowed values added break consumers", "[A, B]", "[A, B, C]", Rule.ALLOWED_VALUES_ADDED, Breaks.CONSUMERS, Bump.MAJOR),
        back("allowed values removed break producers", "[A, B]", "[A, B, C]", Rule.ALLOWED_VALUES_REMOVED, Breaks.PRODUCERS, Bump.MINOR),
        change("a pattern changed breaks consumers", "'^[A-Z]{2}$'", "'^[A-Z]{2,3}$'", Rule.PATTERN_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        change("a length widened breaks consumers", "{ min: 2, max: 2 }", "{ min: 2, max: 3 }", Rule.LENGTH_CHANGED,
            Breaks.CONSUMERS, Bump.MAJOR),
        back("a length tightened breaks producers", "{ min: 2, max: 2 }", "{ min: 2, max: 3 }", Rule.LENGTH_TIGHTENED,
            Breaks.PRODUCERS, Bump.MINOR),
        change("an expression changed breaks consumers", "amount >= 0", "amount > 0", Rule.EXPRESSION_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        change("a check added breaks producers", QTY, QTY + "    checks:\n      - range: { min: 0 }\n", Rule.CHECK_ADDED,
            Breaks.PRODUCERS, Bump.MINOR),
        back("a check removed breaks consumers", QTY, QTY + "    checks:\n      - range: { min: 0 }\n", Rule.CHECK_REMOVED,
            Breaks.CONSUMERS, Bump.MAJOR),
        change("a warn-level check added breaks nobody", QTY, QTY + "    checks:\n      - range: { min: 0 }\n        severity: warn\n",
            Rule.CHECK_ADDED, Breaks.NOBODY, Bump.MINOR),
        back("a warn-level check removed breaks nobody", QTY, QTY + "    checks:\n      - range: { min: 0 }\n        severity: warn\n",
            Rule.CHECK_REMOVED, Breaks.NOBODY, Bump.MINOR),
        change("a severity lowered breaks consumers", "[A, B]\n", "[A, B]\n        severity: warn\n", Rule.SEVERITY_LOWERED,
            Breaks.CONSUMERS, Bump.MAJOR),
        back("a severity raised breaks producers", "[A, B]\n", "[A, B]\n        severity: warn\n", Rule.SEVERITY_RAISED,
            Breaks.PRODUCERS, Bump.MINOR),
        change("a dataset check tightened breaks producers", "row_count: { min: 1 }", "row_count: { min: 10 }",
            Rule.CHECK_TIGHTENED, Breaks.PRODUCERS, Bump.MINOR),
        back("a dataset check loosened breaks consumers", "row_count: { min: 1 }", "row_count: { min: 10 }",
            Rule.CHECK_LOOSENED, Breaks.CONSUMERS, Bump.MAJOR),
        change("a mask changed breaks consumers", "mask: hash, key: emails", "mask: redact", Rule.PROTECTION_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        change("an encryption mode changed breaks consumers", "encrypt: deterministic", "encrypt: randomized",
            Rule.PROTECTION_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        change("an encryption key changed breaks consumers", "key: customers", "key: customers_v2", Rule.PROTECTION_CHANGED,
            Breaks.CONSUMERS, Bump.MAJOR),
        change("a role's access narrowed breaks consumers", "customer_id: clear", "customer_id: masked", Rule.ACCESS_NARROWED,
            Breaks.CONSUMERS, Bump.MAJOR),
        back("a role's access widened breaks nobody", "customer_id: clear", "customer_id: masked", Rule.ACCESS_WIDENED,
            Breaks.NOBODY, Bump.MINOR),
        change("a role denied an unprotected column narrows access", "customer_id: clear", "customer_id: clear, qty: denied",
            Rule.ACCESS_NARROWED, Breaks.CONSUMERS, Bump.MAJOR),
        change("a layer changed breaks consumers", "layer: silver", "layer: gold", Rule.LAYER_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        change("an id changed breaks consumers", "id: orders", "id: orders_v2", Rule.ID_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        change("extra columns dropped breaks consumers", "source: bronze\n", "source: bronze\nschema: { extra_columns: drop }\n",
            Rule.EXTRA_COLUMNS_CHANGED, Breaks.CONSUMERS, Bump.MAJOR),
        change("extra columns refused breaks producers", "source: bronze\n", "source: bronze\nschema: { extra_columns: fail }\n",
            Rule.EXTRA_COLUMNS_CHANGED, Breaks.PRODUCERS, Bump.MINOR),
        change("an owner changed is a patch", "owner: sales", "owner: finance", Rule.OWNER_CHANGED, Breaks.NOBODY, Bump.PATCH),
        change("a description added is a patch", "owner: sales\n", "owner: sales\ndescription: Orders.\n", Rule.DESCRIPTION_CHANGED,
            Breaks.NOBODY, Bump.PATCH),
        change("a classification added is a patch", "    protect: { mask: hash, key: emails }\n",
            "    protect: { mask: hash, key: emails }\n    classification: pii\n",
            Rule.CLASSIFICATION_CHANGED, Breaks.NOBODY, Bump.PATCH),
        change("a custom property added is a patch", "owner: sales\n", "owner: sales\ncustom_properties: { steward: ana }\n",
            Rule.CUSTOM_PROPERTIES_CHANGED, Breaks.NOBODY, Bump.PATCH),
        change("a column's custom property added is a patch", "    type: int\n",
            "    type: int\n    custom_properties: { odcs.tags: [count] }\n", Rule.CUSTOM_PROPERTIES_CHANGED, Breaks.NOBODY,
            Bump.PATCH),
        change("a reference added breaks producers", QTY, QTY + REFERENCE, Rule.CHECK_ADDED, Breaks.PRODUCERS, Bump.MINOR),
        back("a reference removed breaks consumers, not producers", QTY, QTY + REFERENCE, Rule.CHECK_REMOVED,
            Breaks.CONSUMERS, Bump.MAJOR),
        change("a composite reference added breaks producers", "checks:\n  - name: positive",
            "checks:\n  - columns: [order_id, country]\n    references: { table: db.t, columns: [id, c] }\n  - name: positive",
            Rule.CHECK_ADDED, Breaks.PRODUCERS, Bump.MINOR),
        change("a comment is no change", "owner: sales\n", "owner: sales   # the team\n", null, null, Bump.NONE));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"{ dataset: silver/stock_v2, format: delta, column: qty }",
      "{ dataset: silver/stock, format: parquet, column: qty }", "{ dataset: silver/stock, format: delta, column: units }",
      "{ table: db.stock, column: qty }"})
  void aReferenceToAnotherDatasetFormatOrColumnBreaksProducers(String now) {
    String before = edit(BASE, QTY, QTY + REFERENCE);
    String after = edit(BASE, QTY, QTY + "    checks:\n      - references: " + now + "\n");
    ContractDiff diff = ContractDiff.between("orders.yaml", load(before, "before.yaml"), load(after, "after.yaml"));
    assertThat(diff.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rule.REFERENCE_CHANGED);
      assertThat(f.breaks()).isEqualTo(Breaks.PRODUCERS);
      assertThat(f.check()).contains("qty.references");
      assertThat(f.message()).contains("reference of qty.references changed from");
    });
    assertThat(diff.requiredBump()).isEqualTo(Bump.MINOR);
  }

  @Test
  void aCompositeReferenceToOtherColumnsBreaksProducers() {
    String ref = "checks:\n  - columns: [order_id, country]\n    references: { table: db.t, columns: [id, c] }\n  - name: positive";
    String before = edit(BASE, "checks:\n  - name: positive", ref);
    String after = edit(BASE, "checks:\n  - name: positive", ref.replace("[id, c]", "[id, country_code]"));
    ContractDiff diff = ContractDiff.between("orders.yaml", load(before, "before.yaml"), load(after, "after.yaml"));
    assertThat(diff.findings()).singleElement().satisfies(f -> {
      assertThat(f.rule()).isEqualTo(Rule.REFERENCE_CHANGED);
      assertThat(f.breaks()).isEqualTo(Breaks.PRODUCERS);
      assertThat(f.check()).contains("references(order_id,country)");
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void classifiesTheChange(Case c) {
    String edited = edit(BASE, c.find(), c.replace());
    ContractDiff diff = ContractDiff.between("orders.yaml", load(c.reversed() ? edited : BASE, "before.yaml"),
        load(c.reversed() ? BASE : edited, "after.yaml"));

    if (c.rule() == null) {
      assertThat(diff.findings()).isEmpty();
    } else {
      assertThat(diff.findings()).singleElement().satisfies(f -> {
        assertThat(f.rule()).isEqualTo(c.rule());
        assertThat(f.breaks()).isEqualTo(c.breaks());
        assertThat(f.bump()).isEqualTo(c.bump());
      });
    }
    assertThat(diff.requiredBump()).isEqualTo(c.bump());
  }

  @Test
  void aShiftedRangeIsBothWidenedAndTightened() {
    ContractDiff diff = ContractDiff.between("orders.yaml", load(BASE, "b.yaml"),
        load(edit(BASE, "{ min: 0, max: 100 }", "{ min: 10, max: 200 }"), "a.yaml"));
    assertThat(diff.findings()).extracting(Finding::rule).containsExactly(Rule.RANGE_WIDENED, Rule.RANGE_TIGHTENED);
    assertThat(diff.requiredBump()).isEqualTo(Bump.MAJOR);
  }

  @Test
  void dateBoundsCompareAsDates() {
    String dated = edit(BASE, QTY, "  - name: day\n    type: date\n    checks:\n      - range: { min: \"2015-01-01\" }\n");
    ContractDiff diff = ContractDiff.between("orders.yaml", load(dated, "b.yaml"),
        load(edit(dated, "2015-01-01", "2014-12-31"), "a.yaml"));
    assertThat(diff.findings()).singleElement().extracting(Finding::rule).isEqualTo(Rule.RANGE_WIDENED);
  }

  @Test
  void aFindingNamesItsCheckAndWhereItIsWritten() {
    ContractDiff diff = ContractDiff.between("orders.yaml", load(BASE, "b.yaml"),
        load(edit(BASE, "max: 100 }", "max: 1000 }"), "a.yaml"));
    Finding f = diff.findings().get(0);
    assertThat(f.check()).contains("amount.range");
    assertThat(f.location().toString()).isEqualTo("a.yaml:16:9");
    assertThat(f.message()).contains("[0, 100]").contains("[0, 1000]").contains("inclusive");
  }

  @Test
  void aRemovedColumnIsLocatedInTheOldFile() {
    ContractDiff diff = ContractDiff.between("orders.yaml", load(BASE, "b.yaml"), load(edit(BASE, QTY, ""), "a.yaml"));
    assertThat(diff.findings().get(0).location().toString()).isEqualTo("b.yaml:26:5");
    assertThat(diff.findings().get(0).side()).isEqualTo(Finding.Side.BEFORE);
  }

  /** Where {@code key: value} starts its value in {@code text}, as {@code file:line:column}. */
  private static String valueOf(String key, String text, String file) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(key + ": ")) {
        return file + ":" + (i + 1) + ":" + (key.length() + 3);
      }
    }
    throw new IllegalArgumentException("no top-level " + key);
  }

  @Test
  void aChangedTopLevelKeyIsLocatedAtItsNewValue() {
    String after = edit(BASE, "layer: silver", "layer: gold");
    ContractDiff diff = ContractDiff.between("orders.yaml", load(BASE, "b.yaml"), load(after, "a.yaml"));
    Finding f = diff.findings().get(0);
    assertThat(f.rule()).isEqualTo(Rule.LAYER_CHANGED);
    assertThat(f.location().toString()).isEqualTo(valueOf("layer", after, "a.yaml"));
    assertThat(f.side()).isEqualTo(Finding.Side.AFTER);
  }

  @Test
  void aDroppedTopLevelKeyIsLocatedAtItsOldValue() {
    ContractDiff diff = ContractDiff.between("orders.yaml", load(BASE, "b.yaml"),
        load(edit(BASE, "owner: sales\n", ""), "a.yaml"));
    Finding f = diff.findings().get(0);
    assertThat(f.rule()).isEqualTo(Rule.OWNER_CHANGED);
    assertThat(f.location().toString()).isEqualTo(valueOf("owner", BASE, "b.yaml"));
    assertThat(f.side()).isEqualTo(Finding.Side.BEFORE);
  }

  @Test
  void addedAndRemovedContractsAreLocatedAtTheirIds() {
    Finding added = ContractDiff.added("orders.yaml", load(BASE, "a.yaml"), "").findings().get(0);
    assertThat(added.location().toString()).isEqualTo(valueOf("id", BASE, "a.yaml"));
    Finding removed = ContractDiff.removed("orders.yaml", load(BASE, "HEAD:orders.yaml")).findings().get(0);
    assertThat(removed.location().toString()).isEqualTo(valueOf("id", BASE, "HEAD:orders.yaml"));
    assertThat(removed.side()).isEqualTo(Finding.Side.BEFORE);
  }

  @Test
  void widensOnlyAlongDesignsLadder() {
    assertThat(List.of(ContractChanges.widens(io.sluice.contract.DataType.parse("float").orElseThrow(),
        io.sluice.contract.DataType.parse("double").orElseThrow()))).containsExactly(true);
    assertThat(ContractChanges.widens(io.sluice.contract.DataType.parse("int").orElseThrow(),
        io.sluice.contract.DataType.parse("double").orElseThrow())).isFalse();
  }
}
