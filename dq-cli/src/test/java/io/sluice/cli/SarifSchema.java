package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** The SARIF 2.1.0 rules for what Sluice writes (src/test/resources/sarif-2.1.0-subset.schema.json), as a validator. */
final class SarifSchema {
  private static final JsonSchema SCHEMA = load();

  private SarifSchema() {}

  private static JsonSchema load() {
    try (InputStream in = SarifSchema.class.getResourceAsStream("/sarif-2.1.0-subset.schema.json")) {
      JsonNode json = new ObjectMapper().readTree(in);
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(json);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the SARIF schema of the tests", e);
    }
  }

  static Set<ValidationMessage> validate(JsonNode log) {
    return SCHEMA.validate(log);
  }
}
