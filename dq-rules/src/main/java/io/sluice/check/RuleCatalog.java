package io.sluice.check;

import io.sluice.contract.CheckSpec;
import io.sluice.contract.Column;
import io.sluice.contract.CompositeKey;
import io.sluice.contract.Contract;
import io.sluice.contract.ContractException;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Placement;
import io.sluice.contract.Problem.Kind;
import io.sluice.contract.Problems;
import io.sluice.contract.SluiceException;
import io.sluice.contract.Suggest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every check kind Sluice knows: the built-ins and any a jar on the class path adds through
 * {@link CheckKind}. Validates a contract's checks and compiles them to Spark SQL rules.
 */
public final class RuleCatalog {
  private static final Pattern KIND_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private final Map<String, CheckKind> kinds;

  private RuleCatalog(Map<String, CheckKind> kinds) {
    this.kinds = Map.copyOf(kinds);
  }

  /** The kinds registered with {@link ServiceLoader} on this class loader (the built-ins included). */
  public static RuleCatalog standard() {
    return of(ServiceLoader.load(CheckKind.class, RuleCatalog.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get).toList());
  }

  public static RuleCatalog of(Collection<? extends CheckKind> kinds) {
    Map<String, CheckKind> byName = new TreeMap<>();
    for (CheckKind kind : kinds) {
      if (!KIND_NAME.matcher(kind.name()).matches()) {
        throw new SluiceException("Invalid check kind name '" + kind.name() + "' from " + kind.getClass().getName()
            + ": names are [a-z][a-z0-9_]*");
      }
      CheckKind clash = byName.putIfAbsent(kind.name(), kind);
      if (clash != null && clash.getClass() != kind.getClass()) {
        throw new SluiceException("Two check kinds are named '" + kind.name() + "': " + clash.getClass().getName()
            + " and " + kind.getClass().getName() + "; remove one jar or rename one kind");
      }
    }
    return new RuleCatalog(byName);
  }

  public Optional<CheckKind> kind(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  public List<CheckKind> kinds() {
    return List.copyOf(new TreeMap<>(kinds).values());
  }

  /** Compiles a loaded contract, or throws a {@link ContractException} with every problem. */
  public CompiledContract compile(Contract contract) {
    Problems problems = new Problems();
    CompiledContract compiled = compile(contract, problems);
    if (!problems.isEmpty()) {
      throw new ContractException(problems.sorted());
    }
    return compiled;
  }

  /** Compiles what it can, adding a located problem for each check it cannot. */
  public CompiledContract compile(Contract contract, Problems problems) {
    List<RowRule> typeRules = new ArrayList<>();
    List<RowRule> rowRules = new ArrayList<>();
    List<DatasetRule> datasetRules = new ArrayList<>();
    List<AnomalyRule> anomalyRules = new ArrayList<>();
    for (Column column : contract.columns()) {
      TypeKind.rule(column, problems).ifPresent(typeRules::add);
      column.required().ifPresent(s -> rowRules.add(RequiredKind.rule(column, s)));
      column.unique().ifPresent(s -> rowRules.add(UniqueKind.rule(column, s)));
      for (CheckSpec spec : column.checks()) {
        bind(spec, new Binding(contract, Optional.of(column)), problems).ifPresent(r -> add(r, rowRules, datasetRules, anomalyRules));
      }
    }
    for (CompositeKey key : contract.keys()) {
      rowRules.add(UniqueKind.rule(key));
    }
    for (CheckSpec spec : contract.checks()) {
      bind(spec, new Binding(contract, Optional.empty()), problems).ifPresent(r -> add(r, rowRules, datasetRules, anomalyRules));
    }
    for (CheckSpec spec : contract.datasetChecks()) {
      bind(spec, new Binding(contract, Optional.empty()), problems).ifPresent(r -> add(r, rowRules, datasetRules, anomalyRules));
    }
    return new CompiledContract(contract, typeRules, rowRules, datasetRules, anomalyRules);
  }

  private static void add(Rule rule, List<RowRule> rows, List<DatasetRule> datasets, List<AnomalyRule> anomalies) {
    if (rule instanceof RowRule r) {
      rows.add(r);
    } else if (rule instanceof DatasetRule d) {
      datasets.add(d);
    } else if (rule instanceof AnomalyRule a) {
      anomalies.add(a);
    }
  }

  private Optional<Rule> bind(CheckSpec spec, Binding binding, Problems problems) {
    CheckKind kind = kinds.get(spec.kind());
    if (kind == null) {
      problems.add(Kind.CHECK_KIND, spec.location(), "unknown check kind " + Excerpt.quoted(spec.kind())
              + Suggest.didYouMean(spec.kind(), kinds.keySet()),
          "known kinds: " + String.join(", ", writable(spec.placement()))
              + "; add your own through the io.sluice.check.CheckKind service interface");
      return Optional.empty();
    }
    if (!kind.placements().contains(spec.placement())) {
      problems.add(Kind.CHECK_KIND, spec.location(), misplaced(kind, spec.placement()), placeHint(kind));
      return Optional.empty();
    }
    if (!spec.columns().isEmpty() && !kind.takesColumns()) {
      problems.add(Kind.UNKNOWN_KEY, spec.location(), "check kind '" + kind.name() + "' takes no 'columns'",
          "remove 'columns' and name the check with 'name: ...'; 'columns' names the key of a reference");
      return Optional.empty();
    }
    Optional<Rule> rule = kind.bind(spec, binding, problems);
    return rule.map(r -> {
      if (!r.id().equals(spec.id())) {
        throw new SluiceException("Check kind " + kind.getClass().getName() + " returned rule id '" + r.id()
            + "' for check '" + spec.id() + "': a kind must keep the id it is given");
      }
      return r;
    });
  }

  private List<String> writable(Placement placement) {
    return kinds.values().stream().filter(k -> k.placements().contains(placement)).map(CheckKind::name).sorted().toList();
  }

  private static String misplaced(CheckKind kind, Placement placement) {
    if (kind.placements().isEmpty()) {
      return "'" + kind.name() + "' is a column property, not a check item";
    }
    String where = switch (placement) {
      case COLUMN -> "under a column's checks";
      case ROW -> "under the row 'checks'";
      case DATASET -> "under 'dataset_checks'";
    };
    return "check kind '" + kind.name() + "' cannot be written " + where;
  }

  private static String placeHint(CheckKind kind) {
    if (kind.placements().isEmpty()) {
      return kind instanceof TypeKind ? "declare the type with the column's 'type' key"
          : "write '" + kind.name() + ": true' (or '{ severity: warn }') on the column; composite keys go under the top-level 'unique'";
    }
    List<String> places = kind.placements().stream().sorted().map(p -> switch (p) {
      case COLUMN -> "a column's 'checks'";
      case ROW -> "the top-level 'checks' (with a 'name')";
      case DATASET -> "'dataset_checks'";
    }).toList();
    return "move it to " + String.join(" or ", places);
  }
}
