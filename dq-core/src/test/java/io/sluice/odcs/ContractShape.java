package io.sluice.odcs;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.CompositeKey;
import io.sluice.contract.Contract;
import io.sluice.contract.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a loaded contract says, without where it says it: every part of the model as plain values, checks keyed
 * by id (their order carries no meaning), so two contracts compare equal when they check and protect the same.
 */
final class ContractShape {
  private ContractShape() {}

  static Map<String, Object> of(Contract c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiVersion", c.apiVersion());
    m.put("id", c.id());
    m.put("version", c.version().toString());
    m.put("owner", c.owner());
    m.put("description", c.description());
    m.put("layer", c.layer());
    m.put("source", c.source());
    m.put("extraColumns", c.extraColumns());
    m.put("columns", c.columns().stream().map(ContractShape::column).toList());
    Map<String, Object> keys = new TreeMap<>();
    for (CompositeKey k : c.keys()) {
      keys.put(k.id(), List.of(k.columns(), k.severity()));
    }
    m.put("keys", keys);
    m.put("checks", checks(c.checks()));
    m.put("datasetChecks", checks(c.datasetChecks()));
    m.put("access", List.of(c.access().defaultAccess().toString(), c.access().roles().toString()));
    m.put("customProperties", custom(c.customProperties()));
    return m;
  }

  private static Map<String, Object> column(Column c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("type", c.type().toString());
    m.put("format", c.format());
    m.put("required", c.required());
    m.put("unique", c.unique());
    m.put("classification", c.classification());
    m.put("protect", c.protect().map(p -> List.of(p.mask(), p.encrypt(), p.key(), p.domain())));
    m.put("description", c.description());
    m.put("checks", checks(c.checks()));
    m.put("customProperties", custom(c.customProperties()));
    return m;
  }

  private static Map<String, Object> checks(List<CheckSpec> specs) {
    Map<String, Object> m = new TreeMap<>();
    for (CheckSpec s : specs) {
      m.put(s.id(), List.of(s.kind(), s.placement(), s.column(), s.columns(), Tree.plain(s.args()), s.severity(),
          s.description()));
    }
    return m;
  }

  private static Map<String, Object> custom(Map<String, Node> custom) {
    Map<String, Object> m = new TreeMap<>();
    custom.forEach((k, v) -> m.put(k, Tree.plain(v)));
    return m;
  }

  /** The repository's root: the folder above this module that holds the example contracts. */
  static Path repository() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("rule-examples/contracts"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no rule-examples/contracts above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** Every Sluice contract file of the repository (build output aside), valid or not. */
  static List<Path> contractFiles() {
    try (Stream<Path> files = Files.walk(repository())) {
      return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
          .filter(p -> {
            try {
              return Files.readString(p).contains("apiVersion: sluice/v1");
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
