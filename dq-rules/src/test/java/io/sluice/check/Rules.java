package io.sluice.check;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractException;
import io.sluice.contract.ContractLoader;
import io.sluice.contract.Problem;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Contracts from YAML text for the tests, compiled with every kind on the class path. */
final class Rules {
  static final String HEAD = "apiVersion: sluice/v1\nkind: DataContract\nid: t\nversion: 1.0.0\nlayer: silver\n";

  private Rules() {}

  static CompiledContract compile(String body) {
    Contract c = ContractLoader.withDiscoveredValidators().parse(HEAD + body, "t.yaml").orThrow();
    return RuleCatalog.standard().compile(c);
  }

  static Map<String, RowRule> rows(String body) {
    CompiledContract cc = compile(body);
    return java.util.stream.Stream.concat(cc.typeRules().stream(), cc.rowRules().stream())
        .collect(Collectors.toMap(RowRule::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  static Map<String, DatasetRule> datasets(String body) {
    return compile(body).datasetRules().stream()
        .collect(Collectors.toMap(DatasetRule::id, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** Every problem of a broken contract, rendered as the CLI prints them. */
  static List<String> problems(String body) {
    try {
      ContractLoader.withDiscoveredValidators().parse(HEAD + body, "t.yaml").orThrow();
    } catch (ContractException e) {
      return e.problems().stream().map(Problem::render).toList();
    }
    throw new AssertionError("the contract was accepted:\n" + body);
  }
}
