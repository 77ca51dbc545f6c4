package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The schema the SARIF tests validate against refuses what SARIF 2.1.0 or code scanning refuse, so a pass means something. */
class SarifSchemaTest {
  private static final String LOG = """
      {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
       "runs": [{"tool": {"driver": {"name": "Sluice", "rules": [{"id": "UNKNOWN_KEY",
         "shortDescription": {"text": "a"}, "fullDescription": {"text": "b"}, "help": {"text": "c"}}]}},
         "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///repo/"}},
         "results": [{"ruleId": "UNKNOWN_KEY", "level": "error", "message": {"text": "unknown key"},
           "locations": [{"physicalLocation": {"artifactLocation": {"uri": "contracts/a.yaml", "uriBaseId": "%SRCROOT%"},
             "region": {"startLine": 3, "startColumn": 1}}}]}]}]}
      """;

  private static ObjectNode log() throws Exception {
    return (ObjectNode) new ObjectMapper().readTree(LOG);
  }

  private static ObjectNode result(JsonNode log) {
    return (ObjectNode) log.path("runs").path(0).path("results").path(0);
  }

  @Test
  void aMinimalLogPasses() throws Exception {
    assertThat(SarifSchema.validate(log())).isEmpty();
  }

  @Test
  void aResultWithoutLocationFails() throws Exception {
    ObjectNode log = log();
    result(log).remove("locations");
    assertThat(SarifSchema.validate(log)).isNotEmpty();
  }

  @Test
  void aLevelSarifDoesNotKnowFails() throws Exception {
    ObjectNode log = log();
    result(log).put("level", "fatal");
    assertThat(SarifSchema.validate(log)).isNotEmpty();
  }

  @Test
  void aMisspeltPropertyFails() throws Exception {
    ObjectNode log = log();
    result(log).set("ruleID", result(log).remove("ruleId"));
    assertThat(SarifSchema.validate(log)).isNotEmpty();
  }

  @Test
  void aLineBeforeTheFirstFails() throws Exception {
    ObjectNode log = log();
    ((ObjectNode) result(log).path("locations").path(0).path("physicalLocation").path("region")).put("startLine", 0);
    assertThat(SarifSchema.validate(log)).isNotEmpty();
  }

  @Test
  void anotherVersionFails() throws Exception {
    ObjectNode log = log();
    log.put("version", "2.0.0");
    assertThat(SarifSchema.validate(log)).isNotEmpty();
  }
}
