package io.sluice.odcs;

import static io.sluice.odcs.OdcsImporterTest.document;
import static io.sluice.odcs.OdcsImporterTest.object;
import static io.sluice.odcs.OdcsImporterTest.property;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Sluice contract as ODCS v3.1: what ODCS can say, in its own fields and rules; the rest in customProperties. */
class OdcsExporterTest {
  private static final String CONTRACT = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.4.0
      owner: sales
      description: Orders.
      layer: silver
      source: bronze
      schema: { extra_columns: drop }
      columns:
        - name: order_id
          type: string
          required: true
          unique: { severity: warn }
          description: The order number.
          checks:
            - pattern: '^ORD-[0-9]+$'
        - name: amount
          type: decimal(12,2)
          required: { severity: warn }
          checks:
            - range: { min: 0, max: 100000 }
            - name: amount_soft_cap
              range: { max: 5000 }
              severity: warn
        - name: status
          type: string
          checks:
            - allowed_values: [PLACED, SHIPPED]
              severity: warn
              description: Known states.
        - name: email
          type: string
          classification: pii
          protect: { encrypt: randomized, key: contact }
          custom_properties: { steward: ana }
          checks:
            - length: { min: 3 }
            - name: email_shape
              pattern: '@'
        - name: items
          type: int
          checks:
            - expression: "items <= 100"
        - name: ordered_at
          type: timestamp
          format: "yyyy-MM-dd HH:mm:ss"
      unique:
        - [order_id, ordered_at]
      checks:
        - name: positive
          expression: "amount > 0"
          description: No free orders.
        - name: custom_row
          not_a_kind: { x: 1 }
      dataset_checks:
        - row_count: { min: 1, max: 1000 }
        - completeness: { column: email, min: 0.95 }
          severity: warn
        - freshness: { column: ordered_at, max_age: 26h }
      access:
        default: denied
        roles:
          support: { email: clear }
      custom_properties:
        steward: ana
      """;

  private static Contract contract() {
    return ContractLoader.withValidators(List.of()).parse(CONTRACT, "orders.yaml").orThrow();
  }

  private static BigDecimal n(String v) {
    return new BigDecimal(v).stripTrailingZeros();
  }

  private static final String REFERENCES = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.0.0
      layer: silver
      columns:
        - name: customer_id
          type: string
          checks:
            - references: { dataset: silver/customers, format: delta, column: id }
        - name: sku
          type: string
          checks:
            - references: { table: shop.products, column: sku }
              severity: warn
        - name: currency
          type: string
        - name: day
          type: date
      checks:
        - columns: [currency, day]
          references: { table: fx.rates, columns: [currency, on_day] }
      """;

  @Test
  void aPlainReferenceIsARelationshipThatKeepsWhereItReadsInSluicesCustomProperty() {
    Contract c = ContractLoader.withValidators(List.of()).parse(REFERENCES, "orders.yaml").orThrow();
    ExportResult e = OdcsExporter.export(c);
    Map<String, Object> o = object(document(e.yaml()));
    assertThat(property(o, "customer_id").get("relationships")).isEqualTo(List.of(Map.of("type", "foreignKey",
        "to", "customers.id", "customProperties", List.of(Map.of("property", "sluiceReference",
            "value", Map.of("dataset", "silver/customers", "format", "delta"))))));
    assertThat(o.get("relationships")).isEqualTo(List.of(Map.of("type", "foreignKey",
        "from", List.of("orders.currency", "orders.day"), "to", List.of("rates.currency", "rates.on_day"),
        "customProperties", List.of(Map.of("property", "sluiceReference", "value", Map.of("table", "fx.rates"))))));
    assertThat(property(o, "sku")).as("a warn-level reference has no relationship form").doesNotContainKey("relationships")
        .containsEntry("customProperties", List.of(Map.of("property", "sluiceChecks", "value", List.of(Map.of(
            "references", Map.of("table", "shop.products", "column", "sku"), "severity", "warn")))));
    assertThat(e.warnings()).extracting(MappingWarning::message).contains("check 'customer_id.references' is a relationship;"
        + " where its keys are read (a dataset and format, or a table) has no ODCS field: kept in the relationship's"
        + " customProperties as 'sluiceReference'");
  }

  @Test
  void referencesComeBackFromTheirRelationships() {
    ContractLoader loader = ContractLoader.withValidators(List.of());
    Contract c = loader.parse(REFERENCES, "orders.yaml").orThrow();
    ImportResult back = OdcsImporter.using(loader).parse(OdcsExporter.export(c).yaml(), "orders.odcs.yaml");
    assertThat(back.problems()).isEmpty();
    assertThat(ContractShape.of(back.contracts().get(0).contract())).isEqualTo(ContractShape.of(c));
  }

  @Test
  void theDocumentHasOneSchemaObjectNamedAfterTheContract() {
    Map<String, Object> d = document(OdcsExporter.export(contract()).yaml());
    assertThat(d).containsEntry("apiVersion", "v3.1.0").containsEntry("kind", "DataContract").containsEntry("id", "orders")
        .containsEntry("version", "1.4.0").containsEntry("status", "active").containsEntry("team", Map.of("name", "sales"));
    assertThat((List<?>) d.get("schema")).hasSize(1);
    assertThat(object(d)).containsEntry("name", "orders").containsEntry("logicalType", "object")
        .containsEntry("description", "Orders.");
  }

  @Test
  void typesAreLogicalAndPhysical() {
    Map<String, Object> o = object(document(OdcsExporter.export(contract()).yaml()));
    assertThat(property(o, "amount")).containsEntry("logicalType", "number").containsEntry("physicalType", "decimal(12,2)");
    assertThat(property(o, "items")).containsEntry("logicalType", "integer").containsEntry("physicalType", "int");
    assertThat(property(o, "ordered_at")).containsEntry("logicalType", "timestamp")
        .containsEntry("logicalTypeOptions", Map.of("format", "yyyy-MM-dd HH:mm:ss"));
  }

  @Test
  void plainChecksAreLogicalTypeOptionsAndTheRestAreQualityRules() {
    Map<String, Object> o = object(document(OdcsExporter.export(contract()).yaml()));
    Map<String, Object> orderId = property(o, "order_id");
    assertThat(orderId).containsEntry("required", true).doesNotContainKey("unique")
        .containsEntry("logicalTypeOptions", Map.of("pattern", "^ORD-[0-9]+$"))
        .containsEntry("quality", List.of(Map.of("metric", "duplicateValues", "mustBe", BigDecimal.ZERO, "severity", "warning")));
    Map<String, Object> amount = property(o, "amount");
    assertThat(amount).doesNotContainKey("required")
        .containsEntry("logicalTypeOptions", Map.of("minimum", BigDecimal.ZERO, "maximum", n("100000")))
        .containsEntry("quality", List.of(Map.of("metric", "nullValues", "mustBe", BigDecimal.ZERO, "severity", "warning")));
    assertThat(amount.get("customProperties")).as("a named, warn-level range has no ODCS form").isEqualTo(List.of(Map.of(
        "property", "sluiceChecks", "value", List.of(Map.of("range", Map.of("max", n("5000")), "name", "amount_soft_cap",
            "severity", "warn")))));
    assertThat(property(o, "status").get("quality")).isEqualTo(List.of(Map.of("metric", "invalidValues",
        "arguments", Map.of("validValues", List.of("PLACED", "SHIPPED")), "mustBe", BigDecimal.ZERO, "severity", "warning",
        "description", "Known states.")));
    Map<String, Object> email = property(o, "email");
    assertThat(email).containsEntry("classification", "pii").containsEntry("logicalTypeOptions", Map.of("minLength", n("3")));
    assertThat(email.get("quality")).isEqualTo(List.of(
        Map.of("name", "email_shape", "metric", "invalidValues", "arguments", Map.of("pattern", "@"), "mustBe", BigDecimal.ZERO),
        Map.of("metric", "nullValues", "unit", "percent", "mustBeLessOrEqualTo", n("5"), "severity", "warning")));
    assertThat(property(o, "items").get("quality")).isEqualTo(List.of(Map.of("type", "sql",
        "query", "SELECT COUNT(*) FROM {object} WHERE NOT (items <= 100)", "mustBe", BigDecimal.ZERO)));
  }

  @Test
  void keysRowChecksAndDatasetChecksAreSchemaLevelRules() {
    Map<String, Object> o = object(document(OdcsExporter.export(contract()).yaml()));
    assertThat(o.get("quality")).isEqualTo(List.of(
        Map.of("metric", "duplicateValues", "arguments", Map.of("properties", List.of("order_id", "ordered_at")),
            "mustBe", BigDecimal.ZERO),
        Map.of("name", "positive", "type", "sql", "query", "SELECT COUNT(*) FROM {object} WHERE NOT (amount > 0)",
            "mustBe", BigDecimal.ZERO, "description", "No free orders."),
        Map.of("metric", "rowCount", "mustBeBetween", List.of(BigDecimal.ONE, n("1000")))));
  }

  @Test
  void whatOdcsCannotSayIsInCustomPropertiesAndNamedInAWarning() {
    ExportResult e = OdcsExporter.export(contract());
    Map<String, Object> o = object(document(e.yaml()));
    assertThat(o.get("customProperties")).isEqualTo(List.of(
        Map.of("property", "sluiceLayer", "value", "silver"),
        Map.of("property", "sluiceSource", "value", "bronze"),
        Map.of("property", "sluiceExtraColumns", "value", "drop"),
        Map.of("property", "sluiceAccess", "value", Map.of("default", "denied", "roles", Map.of("support",
            Map.of("email", "clear")))),
        Map.of("property", "sluiceChecks", "value", List.of(Map.of("not_a_kind", Map.of("x", BigDecimal.ONE),
            "name", "custom_row"))),
        Map.of("property", "sluiceDatasetChecks", "value", List.of(Map.of("freshness", Map.of("column", "ordered_at",
            "max_age", "26h")))),
        Map.of("property", "steward", "value", "ana")));
    assertThat(property(o, "email").get("customProperties")).isEqualTo(List.of(
        Map.of("property", "sluiceProtect", "value", Map.of("encrypt", "randomized", "key", "contact")),
        Map.of("property", "steward", "value", "ana")));
    assertThat(e.warnings()).extracting(MappingWarning::message).containsExactlyInAnyOrder(
        "layer 'silver' has no ODCS field: kept in the schema object's customProperties as 'sluiceLayer'",
        "source 'bronze' has no ODCS field: kept in the schema object's customProperties as 'sluiceSource'",
        "schema.extra_columns 'drop' has no ODCS field: kept in the schema object's customProperties as 'sluiceExtraColumns'",
        "access has no ODCS field: kept in the schema object's customProperties as 'sluiceAccess'",
        "range check 'amount_soft_cap' has no ODCS field: kept in the property's customProperties as 'sluiceChecks'",
        "protect of column 'email' has no ODCS field: kept in the property's customProperties as 'sluiceProtect'",
        "not_a_kind check 'custom_row' has no ODCS field: kept in the schema object's customProperties as 'sluiceChecks'",
        "freshness check 'ordered_at.freshness' has no ODCS field: kept in the schema object's customProperties as"
            + " 'sluiceDatasetChecks'");
    assertThat(e.warnings()).filteredOn(w -> w.message().startsWith("protect")).singleElement()
        .satisfies(w -> assertThat(w.location()).hasToString("orders.yaml:35:14"));
  }

  @Test
  void andImportReadsItAllBack() {
    ExportResult e = OdcsExporter.export(contract());
    ImportResult back = OdcsImporter.using(ContractLoader.withValidators(List.of())).parse(e.yaml(), "orders.odcs.yaml");
    assertThat(back.problems()).isEmpty();
    assertThat(back.warnings()).isEmpty();
    assertThat(ContractShape.of(back.contracts().get(0).contract())).isEqualTo(ContractShape.of(contract()));
  }
}
