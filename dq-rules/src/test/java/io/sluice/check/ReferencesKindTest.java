package io.sluice.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.check.Reference.CatalogTable;
import io.sluice.check.Reference.DatasetPath;
import io.sluice.contract.Severity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code references}: its two forms, its id, its rule, and every shape lint refuses, located. */
class ReferencesKindTest {

  @Test
  void aColumnReferenceIsARowRuleWithItsDatasetAndColumn() {
    RowRule r = Rules.rows("""
        columns:
          - name: customer_id
            type: string
            checks:
              - references: { dataset: silver/customers, format: delta, column: id }
        """).get("customer_id.references");
    assertThat(r.kind()).isEqualTo("references");
    assertThat(r.column()).contains("customer_id");
    assertThat(r.columns()).containsExactly("customer_id");
    assertThat(r.severity()).isEqualTo(Severity.ERROR);
    assertThat(r.predicate()).isEqualTo("(`customer_id` IS NULL)");
    assertThat(r.reference()).contains(new Reference(new DatasetPath("silver/customers", Optional.of("delta")),
        java.util.List.of("id")));
  }

  @Test
  void aTableReferenceNamesTheCatalogTable() {
    RowRule r = Rules.rows("""
        columns:
          - name: customer_id
            type: long
            checks:
              - references: { table: crm.customers, column: customer_id }
                severity: warn
        """).get("customer_id.references");
    assertThat(r.reference().orElseThrow().data()).isEqualTo(new CatalogTable("crm.customers"));
    assertThat(r.severity()).isEqualTo(Severity.WARN);
  }

  @Test
  void aCompositeReferenceIsNamedByItsColumnsAsACompositeKeyIs() {
    RowRule r = Rules.rows("""
        columns:
          - {name: customer_id, type: string}
          - {name: region, type: string}
        checks:
          - columns: [customer_id, region]
            references: { dataset: 'hdfs://nn/lake/customers', columns: [id, region_code] }
        """).get("references(customer_id,region)");
    assertThat(r.column()).isEmpty();
    assertThat(r.columns()).containsExactly("customer_id", "region");
    assertThat(r.predicate()).isEqualTo("(`customer_id` IS NULL OR `region` IS NULL)");
    assertThat(r.reference().orElseThrow().columns()).containsExactly("id", "region_code");
    assertThat(r.reference().orElseThrow().data()).isEqualTo(new DatasetPath("hdfs://nn/lake/customers", Optional.empty()));
  }

  @Test
  void aNamedCompositeReferenceTakesItsName() {
    assertThat(Rules.rows("""
        columns:
          - {name: a, type: string}
          - {name: b, type: string}
        checks:
          - name: known_pair
            columns: [a, b]
            references: { table: db.pairs, columns: [a, b] }
        """)).containsKey("known_pair");
  }

  @Test
  void otherChecksHaveNoReference() {
    assertThat(Rules.rows("columns:\n  - {name: a, type: string, required: true}\n").get("a.required").reference()).isEmpty();
  }

  @Test
  void aReferenceNeedsADatasetOrATableButNotBoth() {
    assertThat(Rules.problems("columns:\n  - {name: a, type: string, checks: [{references: {column: id}}]}\n"))
        .singleElement().asString().contains("t.yaml:7:").contains("names neither a 'dataset' nor a 'table'")
        .contains("fix: name exactly one");
    assertThat(Rules.problems("columns:\n  - {name: a, type: string, checks: [{references: {dataset: x, table: db.t, column: id}}]}\n"))
        .singleElement().asString().contains("names both a 'dataset' and a 'table'");
  }

  @Test
  void aColumnReferenceNeedsTheReferencedColumn() {
    assertThat(Rules.problems("columns:\n  - {name: a, type: string, checks: [{references: {dataset: silver/c}}]}\n"))
        .singleElement().asString().contains("needs 'column'").contains("fix: name the referenced dataset's column");
  }

  @Test
  void anUnknownFormatIsRefusedWithTheKnownOnes() {
    assertThat(Rules.problems("columns:\n  - {name: a, type: string, checks: [{references: {dataset: x, format: parket, column: id}}]}\n"))
        .singleElement().asString().contains("t.yaml:7:").contains("format 'parket'").contains("did you mean 'parquet'")
        .contains("use one of: parquet, delta, orc, csv, json");
  }

  @Test
  void aTableTakesNoFormatAndMustBeATableName() {
    assertThat(Rules.problems("columns:\n  - {name: a, type: string, checks: [{references: {table: db.t, format: delta, column: id}}]}\n"))
        .singleElement().asString().contains("'format' of check 'a.references' applies to a 'dataset', not a 'table'");
    assertThat(Rules.problems("columns:\n  - {name: a, type: string, checks: [{references: {table: 'db/t', column: id}}]}\n"))
        .singleElement().asString().contains("table 'db/t'").contains("is not a table name");
  }

  @Test
  void aCompositeReferenceNamesOneReferencedColumnPerKeyColumn() {
    assertThat(Rules.problems("""
        columns:
          - {name: a, type: string}
          - {name: b, type: string}
        checks:
          - columns: [a, b]
            references: { dataset: x, columns: [a] }
        """)).singleElement().asString().contains("t.yaml:11:").contains("names 1 referenced column for a key of 2 (a, b)");
  }

  @Test
  void aRowReferenceWithoutColumnsIsRefused() {
    assertThat(Rules.problems("""
        columns:
          - {name: a, type: string}
        checks:
          - name: r
            references: { dataset: x, columns: [a] }
        """)).singleElement().asString().contains("references another dataset but names no key")
        .contains("fix: write 'columns: [a, b]'");
  }

  @Test
  void theColumnsOfACompositeReferenceMustBeDeclared() {
    assertThat(Rules.problems("""
        columns:
          - {name: a, type: string}
        checks:
          - columns: [a, bb]
            references: { dataset: x, columns: [a, b] }
        """)).singleElement().asString().contains("t.yaml:9:").contains("names column 'bb', which the contract does not declare");
  }

  @Test
  void onlyAReferenceTakesColumns() {
    assertThat(Rules.problems("""
        columns:
          - {name: a, type: int}
        checks:
          - columns: [a]
            expression: "a > 0"
        """)).singleElement().asString().contains("check kind 'expression' takes no 'columns'");
  }

  @Test
  void aColumnCheckCannotNameColumns() {
    assertThat(Rules.problems("columns:\n  - {name: a, type: string, checks: [{columns: [a], references: {dataset: x, column: id}}]}\n"))
        .singleElement().asString().contains("cannot name 'columns'").contains("under the top-level 'checks'");
  }
}
