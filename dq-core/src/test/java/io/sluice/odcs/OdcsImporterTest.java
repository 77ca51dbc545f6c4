package io.sluice.odcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.ColumnAccess;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.DataType;
import io.sluice.contract.EncryptMode;
import io.sluice.contract.ExtraColumns;
import io.sluice.contract.Layer;
import io.sluice.contract.Placement;
import io.sluice.contract.Severity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hand-written ODCS files, imported and checked field by field (docs/odcs.md, ODCS → Sluice). */
class OdcsImporterTest {
  private static final Path ODCS = Path.of("src/test/resources/odcs");
  private static final OdcsImporter IMPORTER = OdcsImporter.using(ContractLoader.withValidators(List.of()));

  private static ImportResult read(String file) {
    return IMPORTER.read(ODCS.resolve(file));
  }

  private static Contract contract(ImportResult r, String id) {
    assertThat(r.problems()).isEmpty();
    return r.contracts().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().contract();
  }

  private static Column column(Contract c, String name) {
    return c.column(name).orElseThrow();
  }

  private static CheckSpec check(List<CheckSpec> checks, String id) {
    return checks.stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + id + " in " + checks.stream().map(CheckSpec::id).toList()));
  }

  private static Object args(CheckSpec s) {
    return Tree.plain(s.args());
  }

  /** A number as {@link Tree#plain} gives it: scale-free. */
  private static BigDecimal n(String v) {
    BigDecimal d = new BigDecimal(v);
    return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
  }

  @Test
  void eachSchemaObjectBecomesOneContract() {
    ImportResult r = read("every-mapped-feature.odcs.yaml");
    assertThat(r.problems()).isEmpty();
    assertThat(r.contracts()).extracting(ImportResult.Imported::id).containsExactly("orders", "order_lines");
    assertThat(r.contracts()).extracting(ImportResult.Imported::fileName).containsExactly("orders.yaml", "order_lines.yaml");
  }

  @Test
  void theDocumentAndTheObjectGiveTheContractsFields() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "orders");
    assertThat(c.apiVersion()).isEqualTo(Contract.API_VERSION);
    assertThat(c.version()).hasToString("1.4.0");
    assertThat(c.owner()).contains("sales-analytics");
    assertThat(c.description()).contains("Orders entering the silver layer.");
    assertThat(c.layer()).isEqualTo(Layer.SILVER);
    assertThat(c.source()).contains(Layer.BRONZE);
    assertThat(c.extraColumns()).isEqualTo(ExtraColumns.DROP);
    assertThat(c.access().defaultAccess()).isEqualTo(ColumnAccess.MASKED);
    assertThat(c.access().roles()).isEqualTo(Map.of("fraud-analyst", Map.of("customer_id", ColumnAccess.CLEAR)));
    assertThat(c.customProperties()).containsOnlyKeys("steward");
    assertThat(Tree.plain(c.customProperties().get("steward"))).isEqualTo("ana@example.com");
  }

  @Test
  void typesComeFromThePhysicalTypeWhenTheLogicalTypeAdmitsItElseFromTheLogicalType() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "orders");
    assertThat(c.columns()).extracting(Column::name, k -> k.type().toString()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("order_id", "string"),
        org.assertj.core.groups.Tuple.tuple("customer_id", "string"),
        org.assertj.core.groups.Tuple.tuple("amount", "decimal(12,2)"),
        org.assertj.core.groups.Tuple.tuple("discount", "double"),
        org.assertj.core.groups.Tuple.tuple("quantity", "long"),
        org.assertj.core.groups.Tuple.tuple("currency", "string"),
        org.assertj.core.groups.Tuple.tuple("status", "string"),
        org.assertj.core.groups.Tuple.tuple("email", "string"),
        org.assertj.core.groups.Tuple.tuple("ordered_at", "timestamp"),
        org.assertj.core.groups.Tuple.tuple("order_date", "date"),
        org.assertj.core.groups.Tuple.tuple("gift_wrap", "boolean"),
        org.assertj.core.groups.Tuple.tuple("weight_kg", "float"));
    assertThat(column(contract(read("every-mapped-feature.odcs.yaml"), "order_lines"), "line_no").type())
        .isEqualTo(DataType.of(DataType.Kind.INT));
  }

  @Test
  void requiredUniqueAndASingleColumnPrimaryKeyAreTheColumnsFlags() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "orders");
    Column orderId = column(c, "order_id");
    assertThat(orderId.required()).contains(Severity.ERROR);
    assertThat(orderId.unique()).contains(Severity.ERROR);
    assertThat(orderId.classification()).contains("internal");
    assertThat(orderId.description()).contains("The shop's order number.");
    assertThat(column(c, "customer_id").required()).contains(Severity.ERROR);
    assertThat(column(c, "customer_id").unique()).isEmpty();
    assertThat(column(c, "email").unique()).contains(Severity.ERROR);
    assertThat(column(c, "gift_wrap").required()).isEmpty();
  }

  @Test
  void aCompositePrimaryKeyIsAKeyInKeyOrderAndEachPartIsRequired() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "order_lines");
    assertThat(c.keys()).singleElement().satisfies(k -> {
      assertThat(k.columns()).containsExactly("order_id", "line_no");
      assertThat(k.severity()).isEqualTo(Severity.ERROR);
    });
    assertThat(column(c, "order_id").required()).contains(Severity.ERROR);
    assertThat(column(c, "line_no").required()).contains(Severity.ERROR);
    assertThat(column(c, "order_id").unique()).isEmpty();
  }

  @Test
  void logicalTypeOptionsBecomeRangeLengthPatternAndFormat() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "orders");
    assertThat(args(check(column(c, "amount").checks(), "amount.range"))).isEqualTo(Map.of("min", n("0"), "max", n("100000")));
    assertThat(args(check(column(c, "quantity").checks(), "quantity.range"))).isEqualTo(Map.of("min", n("1"), "max", n("500")));
    assertThat(args(check(column(c, "order_date").checks(), "order_date.range")))
        .isEqualTo(Map.of("min", "2015-01-01", "max", "2099-12-31"));
    assertThat(args(check(column(c, "ordered_at").checks(), "ordered_at.range"))).isEqualTo(Map.of("min", "2015-01-01 00:00:00"));
    assertThat(column(c, "ordered_at").format()).contains("yyyy-MM-dd HH:mm:ss");
    assertThat(args(check(column(c, "currency").checks(), "currency.length"))).isEqualTo(Map.of("min", n("3"), "max", n("3")));
    CheckSpec pattern = check(column(c, "order_id").checks(), "order_id.pattern");
    assertThat(args(pattern)).isEqualTo("^ORD-[0-9]{6,}$");
    assertThat(pattern.severity()).isEqualTo(Severity.ERROR);
  }

  @Test
  void exclusiveBoundsAndMultipleOfBecomeExpressionChecks() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "orders");
    assertThat(args(check(column(c, "discount").checks(), "discount.exclusive_range"))).isEqualTo("`discount` > 0");
    assertThat(args(check(column(c, "discount").checks(), "discount.multiple_of"))).isEqualTo("`discount` % 0.01 = 0");
    assertThat(args(check(column(c, "weight_kg").checks(), "weight_kg.exclusive_range"))).isEqualTo("`weight_kg` < 1000");
  }

  @Test
  void libraryRulesOfAPropertyBecomeFlagsAndChecks() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "orders");
    CheckSpec shape = check(column(c, "customer_id").checks(), "customer_id_shape");
    assertThat(shape.kind()).isEqualTo("pattern");
    assertThat(args(shape)).isEqualTo("^C[0-9]+$");
    assertThat(shape.severity()).isEqualTo(Severity.WARN);
    assertThat(shape.description()).contains("Customer ids are C and digits.");
    assertThat(args(check(column(c, "currency").checks(), "currency.allowed_values")))
        .as("a null among validValues changes nothing: nulls pass every check but required")
        .isEqualTo(List.of("EUR", "USD", "GBP"));
    CheckSpec status = check(column(c, "status").checks(), "status_known");
    assertThat(status.kind()).isEqualTo("allowed_values");
    assertThat(status.severity()).isEqualTo(Severity.WARN);
    assertThat(column(c, "email").required()).as("nullValues mustBe 0, severity warning").contains(Severity.WARN);
    CheckSpec completeness = check(c.datasetChecks(), "email.completeness");
    assertThat(completeness.placement()).isEqualTo(Placement.DATASET);
    assertThat(args(completeness)).isEqualTo(Map.of("column", "email", "min", n("0.95")));
    assertThat(completeness.severity()).isEqualTo(Severity.WARN);
  }

  @Test
  void sqlRulesCountingRowsThatBreakAPredicateBecomeExpressionChecks() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "orders");
    CheckSpec big = check(column(c, "amount").checks(), "no_big_placed_orders");
    assertThat(big.kind()).isEqualTo("expression");
    assertThat(args(big)).isEqualTo("NOT (`amount` > 50000 AND status = 'PLACED')");
    assertThat(big.severity()).isEqualTo(Severity.WARN);
    CheckSpec row = check(c.checks(), "discount_le_amount");
    assertThat(row.placement()).isEqualTo(Placement.ROW);
    assertThat(args(row)).as("NOT (p) counts the rows breaking p").isEqualTo("discount <= amount");
    assertThat(row.description()).contains("A discount never exceeds the amount.");
  }

  @Test
  void schemaLevelRulesBecomeKeysAndDatasetChecks() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "orders");
    assertThat(c.keys()).singleElement().satisfies(k -> assertThat(k.id()).isEqualTo("unique(customer_id,ordered_at)"));
    assertThat(args(check(c.datasetChecks(), "dataset.row_count"))).isEqualTo(Map.of("min", n("1"), "max", n("1000000")));
    CheckSpec lines = check(contract(read("every-mapped-feature.odcs.yaml"), "order_lines").datasetChecks(), "dataset.row_count");
    assertThat(args(lines)).as("mustBeGreaterThan 0").isEqualTo(Map.of("min", n("1")));
    assertThat(lines.severity()).isEqualTo(Severity.WARN);
  }

  @Test
  void sluicesOwnCustomPropertiesComeBack() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "orders");
    Column customer = column(c, "customer_id");
    assertThat(customer.protect()).hasValueSatisfying(p -> {
      assertThat(p.encrypt()).contains(EncryptMode.DETERMINISTIC);
      assertThat(p.key()).contains("customers");
      assertThat(p.domain()).contains("customer");
    });
    assertThat(customer.customProperties()).isEmpty();
  }

  @Test
  void whatMapsIsNotWarnedAboutOnlyWhatIsKeptOrAssumed() {
    ImportResult r = read("every-mapped-feature.odcs.yaml");
    assertThat(r.warnings()).extracting(MappingWarning::render).containsExactly(
        ODCS.resolve("every-mapped-feature.odcs.yaml") + ":4:5: warning: the ODCS contract's id has no Sluice key (each"
            + " contract takes its id from its schema object's name): kept in custom_properties as 'odcs.contract.id'",
        ODCS.resolve("every-mapped-feature.odcs.yaml") + ":129:9: warning: the relationship to 'fx_rates.currency,"
            + " fx_rates.day' is checked against catalog table 'fx_rates' (ODCS names a schema object, not where its data"
            + " is read): change the check's 'table', or write 'dataset' and 'format'",
        ODCS.resolve("every-mapped-feature.odcs.yaml") + ":146:5: warning: schema object 'Order Lines' names no Sluice layer"
            + " (custom property 'sluiceLayer'): the contract guards the bronze layer; change its 'layer' if it guards"
            + " silver or gold",
        ODCS.resolve("every-mapped-feature.odcs.yaml") + ":146:11: warning: schema object 'Order Lines' becomes contract"
            + " 'order_lines' (a Sluice id is lower case letters, digits, '_' and '-'); its name is kept in custom_properties"
            + " as 'odcs.name'",
        ODCS.resolve("every-mapped-feature.odcs.yaml") + ":161:9: warning: the relationship to 'orders.order_id' is checked"
            + " against catalog table 'orders' (ODCS names a schema object, not where its data is read): change the check's"
            + " 'table', or write 'dataset' and 'format'");
    Contract lines = contract(r, "order_lines");
    assertThat(lines.layer()).isEqualTo(Layer.BRONZE);
    assertThat(lines.customProperties()).containsOnlyKeys("odcs.name", "odcs.contract.id");
    assertThat(Tree.plain(lines.customProperties().get("odcs.name"))).isEqualTo("Order Lines");
  }

  @Test
  void theWrittenContractIsTheOneReturned() {
    ImportResult r = read("every-mapped-feature.odcs.yaml");
    for (ImportResult.Imported i : r.contracts()) {
      Contract reloaded = ContractLoader.withValidators(List.of()).parse(i.yaml(), i.fileName()).orThrow();
      assertThat(ContractShape.of(reloaded)).isEqualTo(ContractShape.of(i.contract()));
      assertThat(i.yaml()).startsWith("# Imported from the ODCS contract every-mapped-feature.odcs.yaml");
    }
  }

  @Test
  void aRelationshipOnAPropertyIsAReferenceReadWhereItsSluiceReferenceSays() {
    CheckSpec r = check(column(contract(read("every-mapped-feature.odcs.yaml"), "orders"), "customer_id").checks(),
        "customer_id.references");
    assertThat(r.kind()).isEqualTo("references");
    assertThat(r.severity()).isEqualTo(Severity.ERROR);
    assertThat(args(r)).isEqualTo(Map.of("dataset", "silver/customers", "format", "delta", "column", "customer_id"));
  }

  @Test
  void aRelationshipOfSeveralPropertiesIsARowReferenceOverTheKeyOfItsFrom() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "orders");
    CheckSpec r = check(c.checks(), "references(currency,order_date)");
    assertThat(r.placement()).isEqualTo(Placement.ROW);
    assertThat(r.columns()).containsExactly("currency", "order_date");
    assertThat(args(r)).isEqualTo(Map.of("table", "fx_rates", "columns", List.of("currency", "day")));
  }

  @Test
  void aRelationshipOfOnePropertyOnTheObjectIsThatColumnsReference() {
    Contract c = contract(read("every-mapped-feature.odcs.yaml"), "order_lines");
    assertThat(args(check(column(c, "order_id").checks(), "order_id.references")))
        .isEqualTo(Map.of("table", "orders", "column", "order_id"));
    assertThat(c.customProperties()).doesNotContainKey("odcs.relationships");
  }

  @Test
  void aRelationshipWithoutSluicesReferenceIsReadFromTheTableNamedLikeItsObjectWithAWarning() {
    List<String> lines = read("every-mapped-feature.odcs.yaml").warnings().stream().map(MappingWarning::message).toList();
    assertThat(lines).contains("the relationship to 'fx_rates.currency, fx_rates.day' is checked against catalog table"
        + " 'fx_rates' (ODCS names a schema object, not where its data is read): change the check's 'table', or write"
        + " 'dataset' and 'format'");
    assertThat(lines).noneMatch(m -> m.contains("customers.customer_id"));
  }

  @Test
  void nothingIsDroppedSilently() {
    ImportResult r = read("unmapped.odcs.yaml");
    Contract c = contract(r, "customers");
    Map<String, Object> kept = plain(c.customProperties());
    assertThat(kept).containsOnlyKeys("odcs.businessName", "odcs.tags", "odcs.physicalName", "odcs.properties", "odcs.quality",
        "odcs.relationships", "odcs.contract.id", "odcs.contract.name", "odcs.contract.status", "odcs.contract.team",
        "odcs.contract.tags", "odcs.contract.servers", "odcs.contract.description", "odcs.contract.domain",
        "odcs.contract.slaProperties", "odcs.contract.customProperties");
    assertThat(kept.get("odcs.physicalName")).isEqualTo("crm_customers_v2");
    assertThat(kept.get("odcs.contract.servers")).isEqualTo(List.of(Map.of("server", "production", "type", "databricks",
        "host", "adb-1234.azuredatabricks.net", "catalog", "main", "schema", "crm")));
    assertThat(kept.get("odcs.contract.team")).isEqualTo(Map.of("members", List.of(Map.of("username", "ana@example.com",
        "role", "owner"))));
    assertThat(c.owner()).contains("crm-data");
    assertThat(kept.get("odcs.relationships")).isEqualTo(List.of(Map.of("from", "customers.account_id", "to", "accounts.id",
        "type", "partOf")));
    assertThat(kept.get("odcs.properties")).isEqualTo(List.of(Map.of("name", "addresses", "logicalType", "array",
        "items", Map.of("logicalType", "string"))));
    assertThat(c.column("addresses")).isEmpty();
    assertThat(plain(column(c, "customer_id").customProperties())).isEqualTo(Map.of("odcs.physicalType", "VARCHAR(36)",
        "odcs.tags", List.of("key"), "odcs.examples", List.of("C1", "C2")));
    Map<String, Object> email = plain(column(c, "email").customProperties());
    assertThat(email).containsOnlyKeys("owner", "odcs.logicalTypeOptions", "odcs.quality", "odcs.criticalDataElement");
    assertThat(email.get("odcs.logicalTypeOptions")).as("maxLength maps; format email does not")
        .isEqualTo(Map.of("format", "email"));
    assertThat((List<?>) email.get("odcs.quality")).hasSize(2);
    assertThat(args(check(column(c, "email").checks(), "email.length"))).isEqualTo(Map.of("max", n("320")));
    assertThat(plain(column(c, "account_id").customProperties())).isEqualTo(Map.of("odcs.relationships",
        List.of(Map.of("to", "schema/accounts/properties/id"))));
  }

  @Test
  void eachKeptThingIsNamedInAWarningAtItsPlace() {
    ImportResult r = read("unmapped.odcs.yaml");
    List<String> lines = r.warnings().stream().map(w -> w.location().line() + ": " + w.message()).toList();
    assertThat(lines).contains(
        "7: status 'draft' of the ODCS contract: no Sluice key, kept in the custom_properties of each contract as"
            + " 'odcs.contract.status'",
        "13: 'servers' of the ODCS contract: no Sluice key, kept in the custom_properties of each contract as"
            + " 'odcs.contract.servers'",
        "19: 'team.members' (the team's name is the owner) of the ODCS contract: no Sluice key, kept in the custom_properties"
            + " of each contract as 'odcs.contract.team'",
        "32: 'physicalName' of schema object 'customers' has no Sluice key: kept in custom_properties as 'odcs.physicalName'",
        "46: 'logicalTypeOptions.format' of property 'email' has no Sluice key: kept in custom_properties as"
            + " 'odcs.logicalTypeOptions'",
        "49: missingValues rule (line 49) of property 'email' is not checked (Sluice has no check for missingValues on a"
            + " property): kept in custom_properties as 'odcs.quality'",
        "53: text rule (line 53) of property 'email' is not checked (a text rule is not a check Sluice runs): kept in"
            + " custom_properties as 'odcs.quality'",
        "56: custom property 'owner' of property 'email' is kept by its value; its description is not kept",
        "59: property 'addresses' is an array, nested data Sluice does not type: it is no column of the contract (the"
            + " data's column passes as an extra column), and it is kept in custom_properties as 'odcs.properties'",
        "67: the relationship to 'schema/accounts/properties/id' is not checked (Sluice maps the short notation"
            + " 'object.property', or a list of them, not 'schema/accounts/properties/id'): kept in custom_properties as"
            + " 'odcs.relationships'",
        "69: the relationship to 'accounts.id' is not checked (it is not a foreignKey): kept in custom_properties as"
            + " 'odcs.relationships'",
        "73: custom rule (line 73) of schema object 'customers' is not checked (a custom rule is not a check Sluice runs):"
            + " kept in custom_properties as 'odcs.quality'");
    // every kept custom property is named in some warning
    Contract c = contract(r, "customers");
    List<String> named = r.warnings().stream().map(MappingWarning::message).toList();
    c.customProperties().keySet().forEach(k -> assertThat(named).as(k).anyMatch(m -> m.contains("'" + k + "'")));
    c.columns().forEach(col -> col.customProperties().keySet().stream().filter(k -> !k.equals("odcs.physicalType"))
        .forEach(k -> assertThat(named).as(col.name() + " " + k).anyMatch(m -> m.contains("'" + k + "'"))));
  }

  @Test
  void whatAnImportKeptComesBackWhereItWasOnExport() {
    ImportResult r = read("unmapped.odcs.yaml");
    ExportResult e = OdcsExporter.export(contract(r, "customers"));
    Map<String, Object> original = documentAt(ODCS.resolve("unmapped.odcs.yaml"));
    Map<String, Object> exported = document(e.yaml());
    for (String key : List.of("id", "name", "version", "status", "domain", "tags", "description", "servers", "team",
        "slaProperties", "customProperties")) {
      assertThat(exported.get(key)).as(key).isEqualTo(original.get(key));
    }
    Map<String, Object> before = object(original);
    Map<String, Object> after = object(exported);
    for (String key : List.of("name", "physicalName", "businessName", "tags", "relationships", "quality")) {
      assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
    }
    assertThat(property(after, "customer_id")).containsEntry("physicalType", "VARCHAR(36)").containsEntry("tags", List.of("key"))
        .containsEntry("examples", List.of("C1", "C2"));
    assertThat(property(after, "email")).containsEntry("criticalDataElement", true)
        .containsEntry("logicalTypeOptions", Map.of("maxLength", n("320"), "format", "email"))
        .containsEntry("quality", property(before, "email").get("quality"));
    assertThat(property(after, "addresses")).isEqualTo(property(before, "addresses"));
    assertThat(property(after, "account_id").get("relationships")).isEqualTo(property(before, "account_id").get("relationships"));
  }

  @Test
  void aRuleSluiceRefusesIsKeptWithTheReasonAndTheRestImports() {
    ImportResult r = IMPORTER.parse("""
        apiVersion: v3.1.0
        kind: DataContract
        id: orders
        version: 1.0.0
        schema:
          - name: orders
            properties:
              - name: id
                logicalType: string
            quality:
              - metric: duplicateValues
                arguments: { properties: [id, nope] }
                mustBe: 0
              - metric: rowCount
                mustBeGreaterOrEqualTo: 1
        """, "o.odcs.yaml");
    Contract c = contract(r, "orders");
    assertThat(c.keys()).isEmpty();
    assertThat(c.datasetChecks()).extracting(CheckSpec::id).containsExactly("dataset.row_count");
    assertThat(plain(c.customProperties()).get("odcs.quality")).isEqualTo(List.of(Map.of("metric", "duplicateValues",
        "arguments", Map.of("properties", List.of("id", "nope")), "mustBe", BigDecimal.ZERO)));
    assertThat(r.warnings()).extracting(MappingWarning::render).contains("o.odcs.yaml:11:9: warning: duplicateValues rule"
        + " (line 11) of schema object 'orders' is not checked (Sluice refuses it: a unique key names column 'nope', which"
        + " the contract does not declare): kept in custom_properties as 'odcs.quality'");
  }

  @Test
  void aBrokenDocumentIsEveryProblemWithItsPlaceAndNoContract() {
    ImportResult r = read("broken/wrong-shapes.odcs.yaml");
    String f = ODCS.resolve("broken/wrong-shapes.odcs.yaml").toString();
    assertThat(r.contracts()).isEmpty();
    assertThat(r.problems()).extracting(p -> p.render().lines().findFirst().orElseThrow()).containsExactly(
        f + ":10:22: error: unknown logicalType 'str' of property 'order_id' (did you mean 'string'?)",
        f + ":11:19: error: 'required' in property 'order_id' must be true or false, not a string ('yes')",
        f + ":14:9: error: unknown key 'requried' in property 'amount' (did you mean 'required'?)",
        f + ":16:21: error: unknown metric 'nullValue' (did you mean 'nullValues'?)");
    assertThat(r.problems()).allSatisfy(p -> assertThat(p.hint()).isNotBlank());
  }

  @Test
  void aDocumentOfAnotherVersionOrKindIsRefusedWhereItSaysSo() {
    ImportResult r = read("broken/not-v3.odcs.yaml");
    assertThat(r.problems()).extracting(p -> p.location().line() + ":" + p.location().column() + " " + p.message())
        .containsExactly("1:13 unsupported ODCS apiVersion 'v2.2.2'",
            "3:10 'version' in the ODCS contract must be a string, not a number");
  }

  @Test
  void aYamlSyntaxErrorIsLocated() {
    ImportResult r = read("broken/syntax.odcs.yaml");
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.location().line()).isEqualTo(6);
      assertThat(p.message()).startsWith("YAML syntax error");
    });
  }

  @Test
  void twoObjectsThatMakeOneIdAreAProblem() {
    ImportResult r = IMPORTER.parse("""
        apiVersion: v3.1.0
        kind: DataContract
        id: x
        version: 1.0.0
        schema:
          - name: Orders
            properties: [{ name: a, logicalType: string }]
          - name: orders
            properties: [{ name: a, logicalType: string }]
        """, "x.odcs.yaml");
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.location()).hasToString("x.odcs.yaml:8:11");
      assertThat(p.message()).isEqualTo("schema objects 'Orders' (line 6) and 'orders' both become contract 'orders'");
    });
  }

  private static Map<String, Object> plain(Map<String, io.sluice.contract.Node> custom) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    custom.forEach((k, v) -> m.put(k, Tree.plain(v)));
    return m;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> document(String yaml) {
    io.sluice.contract.Problems problems = new io.sluice.contract.Problems();
    Optional<io.sluice.contract.Node> root = io.sluice.contract.YamlTree.read(yaml, "doc", problems);
    assertThat(problems.sorted()).isEmpty();
    return (Map<String, Object>) Tree.plain(root.orElseThrow());
  }

  private static Map<String, Object> documentAt(Path file) {
    try {
      return document(java.nio.file.Files.readString(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> document) {
    return (Map<String, Object>) ((List<Object>) document.get("schema")).get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> property(Map<String, Object> object, String name) {
    return ((List<Map<String, Object>>) object.get("properties")).stream().filter(p -> name.equals(p.get("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no property " + name));
  }
}
