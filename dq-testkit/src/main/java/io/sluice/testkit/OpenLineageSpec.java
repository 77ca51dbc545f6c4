package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What OpenLineage's spec (2-0-x) requires of a run event, checked field by field: {@code eventTime} a date-time
 * with an offset, {@code producer} and {@code schemaURL} absolute URIs, {@code run.runId} a UUID, {@code job} with a
 * namespace and a name, each dataset with a namespace and a name, and each facet with {@code _producer} and
 * {@code _schemaURL} (the URL of that facet's schema) and the fields its schema requires.
 */
public final class OpenLineageSpec {
  private static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");
  /** The facets Sluice sends: the schema each names, and the fields that schema requires. */
  private static final Map<String, Facet> FACETS = Map.of(
      "jobType", new Facet("JobTypeJobFacet", List.of("processingType", "integration")),
      "errorMessage", new Facet("ErrorMessageRunFacet", List.of("message", "programmingLanguage")),
      "dataQualityMetrics", new Facet("DataQualityMetricsInputDatasetFacet", List.of("columnMetrics")),
      "dataQualityAssertions", new Facet("DataQualityAssertionsDatasetFacet", List.of("assertions")),
      "outputStatistics", new Facet("OutputStatisticsOutputDatasetFacet", List.of("rowCount")));

  private record Facet(String schema, List<String> required) {}

  private OpenLineageSpec() {}

  /** Fails with what is missing or wrong when {@code event} is not a run event as the spec requires one. */
  public static void check(JsonNode event) {
    assertTrue(EVENT_TYPES.contains(event.path("eventType").asText()), "eventType: " + event.path("eventType"));
    try {
      OffsetDateTime.parse(event.path("eventTime").asText());
    } catch (java.time.format.DateTimeParseException e) {
      fail("eventTime is not a date-time with an offset: " + event.path("eventTime"));
    }
    absoluteUri(event, "producer");
    URI schema = absoluteUri(event, "schemaURL");
    assertTrue(schema.toString().startsWith("https://openlineage.io/spec/2-0-")
        && schema.toString().endsWith("/OpenLineage.json#/$defs/RunEvent"), "schemaURL: " + schema);
    String runId = event.path("run").path("runId").asText();
    assertEquals(runId, UUID.fromString(runId).toString(), "run.runId is not a UUID: " + runId);
    facets(event.path("run").path("facets"));
    text(event.path("job"), "namespace");
    text(event.path("job"), "name");
    facets(event.path("job").path("facets"));
    for (String side : List.of("inputs", "outputs")) {
      if (event.has(side)) {
        assertTrue(event.get(side).isArray(), side + " is not an array");
        for (JsonNode dataset : event.get(side)) {
          text(dataset, "namespace");
          text(dataset, "name");
          facets(dataset.path("facets"));
          facets(dataset.path(side.equals("inputs") ? "inputFacets" : "outputFacets"));
        }
      }
    }
  }

  private static void facets(JsonNode facets) {
    if (facets.isMissingNode()) {
      return;
    }
    assertTrue(facets.isObject(), "facets are not an object: " + facets);
    facets.fields().forEachRemaining(f -> {
      JsonNode facet = f.getValue();
      absoluteUri(facet, "_producer");
      URI schema = absoluteUri(facet, "_schemaURL");
      Facet known = FACETS.get(f.getKey());
      if (known != null) {
        assertTrue(schema.toString().startsWith("https://openlineage.io/spec/facets/")
            && schema.toString().endsWith("/" + known.schema() + ".json#/$defs/" + known.schema()),
            f.getKey() + "._schemaURL: " + schema);
        for (String field : known.required()) {
          assertTrue(facet.hasNonNull(field), f.getKey() + " lacks " + field + ": " + facet);
        }
      }
      if (f.getKey().equals("dataQualityAssertions")) {
        for (JsonNode a : facet.path("assertions")) {
          assertTrue(a.path("assertion").isTextual() && a.path("success").isBoolean(), "assertion: " + a);
        }
      }
    });
  }

  private static void text(JsonNode node, String field) {
    assertTrue(node.path(field).isTextual() && !node.path(field).asText().isEmpty(), field + " is missing in " + node);
  }

  private static URI absoluteUri(JsonNode node, String field) {
    text(node, field);
    URI uri = URI.create(node.path(field).asText());
    assertTrue(uri.isAbsolute(), field + " is not an absolute URI: " + uri);
    return uri;
  }
}
