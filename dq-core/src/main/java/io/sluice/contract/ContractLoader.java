package io.sluice.contract;

import io.sluice.contract.Problem.Kind;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Loads {@code sluice/v1} contracts from YAML into {@link Contract}s.
 *
 * <p>Loading reports every problem of a file at once, each with {@code file:line:column}, what is
 * wrong and how to fix it. Structure is checked here; what each check kind accepts is checked by the
 * {@link ContractValidator}s found on the class path (the rule catalog of dq-rules is one), so a
 * contract that loads is one the engine can run.
 */
public final class ContractLoader {
  static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final List<String> TOP_KEYS = List.of("apiVersion", "kind", "id", "version", "owner", "description",
      "layer", "source", "schema", "columns", "unique", "checks", "dataset_checks", "access", "custom_properties");
  private static final List<String> COLUMN_KEYS = List.of("name", "type", "required", "unique", "checks", "format",
      "classification", "protect", "description", "custom_properties");
  /** Keys a check item may carry beside its kind. */
  static final List<String> CHECK_META_KEYS = List.of("severity", "name", "description");
  private static final List<String> LAYERS = List.of("bronze", "silver", "gold");
  private static final List<String> SEVERITIES = List.of("error", "warn");
  private static final List<String> ACCESS_WORDS;

  static {
    List<String> words = new ArrayList<>(List.of("clear", "masked", "denied"));
    words.addAll(MaskType.words());
    ACCESS_WORDS = List.copyOf(words);
  }

  private final List<ContractValidator> validators;

  private ContractLoader(List<ContractValidator> validators) {
    this.validators = List.copyOf(validators);
  }

  /** A loader that runs every {@link ContractValidator} registered on the class path. */
  public static ContractLoader withDiscoveredValidators() {
    List<ContractValidator> found = new ArrayList<>();
    ServiceLoader.load(ContractValidator.class, ContractLoader.class.getClassLoader()).forEach(found::add);
    return new ContractLoader(found);
  }

  public static ContractLoader withValidators(List<ContractValidator> validators) {
    return new ContractLoader(validators);
  }

  /** The outcome of reading one file: the contract when it has no problem, and every problem found. */
  public record Result(Optional<Contract> contract, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }

    public Contract orThrow() {
      if (!problems.isEmpty()) {
        throw new ContractException(problems);
      }
      return contract.orElseThrow();
    }
  }

  /** Loads a contract file, or throws a {@link ContractException} naming every problem. */
  public Contract load(Path file) {
    return read(file).orThrow();
  }

  public Result read(Path file) {
    String name = file.toString();
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > YamlTree.MAX_CHARS * 4L) {
        return new Result(Optional.empty(), List.of(new Problem(Kind.FILE_UNREADABLE, Location.of(name),
            "the file is " + size + " bytes; a contract may be at most " + YamlTree.MAX_CHARS + " characters",
            "check that this is the contract you meant")));
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Result(Optional.empty(), List.of(new Problem(Kind.FILE_UNREADABLE, Location.of(name), "no such file",
          "check the path; contracts are YAML files (.yaml or .yml)")));
    } catch (IOException e) {
      return new Result(Optional.empty(), List.of(new Problem(Kind.FILE_UNREADABLE, Location.of(name), "cannot read the file: " + e.getMessage(),
          "check the path and its permissions")));
    }
    return read(bytes, name);
  }

  /** A contract file's bytes, read from wherever it is kept; {@code name} names it in messages. */
  public Result read(byte[] bytes, String name) {
    if (bytes.length > YamlTree.MAX_CHARS * 4L) {
      return new Result(Optional.empty(), List.of(new Problem(Kind.FILE_UNREADABLE, Location.of(name),
          "the file is " + bytes.length + " bytes; a contract may be at most " + YamlTree.MAX_CHARS + " characters",
          "check that this is the contract you meant")));
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new Result(Optional.empty(), List.of(new Problem(Kind.FILE_UNREADABLE, Location.of(name), "the file is not UTF-8 text",
          "save the contract as UTF-8")));
    }
    return parse(text, name, sha256(bytes));
  }

  /** Parses contract text; {@code file} names it in messages. */
  public Result parse(String text, String file) {
    return parse(text, file, sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  private Result parse(String text, String file, String sha256) {
    Problems problems = new Problems();
    Optional<Node> root = YamlTree.read(text, file, problems);
    if (root.isEmpty()) {
      return new Result(Optional.empty(), problems.sorted());
    }
    if (!(root.get() instanceof Node.Mapping map)) {
      problems.add(Kind.WRONG_SHAPE, root.get().location(), "a contract must be a YAML mapping, not " + root.get().describe(),
          "start with 'apiVersion: sluice/v1' and 'kind: DataContract' at the left margin");
      return new Result(Optional.empty(), problems.sorted());
    }
    Contract contract = new Reader(file, problems).contract(map, sha256);
    for (ContractValidator validator : validators) {
      validator.validate(contract, problems);
    }
    return new Result(problems.isEmpty() ? Optional.of(contract) : Optional.empty(), problems.sorted());
  }

  /**
   * The model of {@code text} as far as it reads, whatever its problems, with no validator run: what the
   * engine would have been given before lint refused the contract. For tests that show each refusal of
   * lint stands for one of the engine's; never for running a contract.
   */
  static Optional<Contract> unchecked(String text, String file) {
    Optional<Node> root = YamlTree.read(text, file, new Problems());
    return root.filter(Node.Mapping.class::isInstance).map(r -> new Reader(file, new Problems())
        .contract((Node.Mapping) r, sha256(text.getBytes(StandardCharsets.UTF_8))));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** One file's reading: builds as much of the model as it can, so later checks still run. */
  private static final class Reader {
    private final String file;
    private final Problems problems;
    /** Lower-cased column names: Spark resolves names case-insensitively, so {@code Amount} and {@code amount} clash. */
    private final Map<String, Column> columnsByKey = new LinkedHashMap<>();
    private final Map<String, Location> ids = new HashMap<>();
    /** Each key name's first use: a keyset holds one kind of key, so one name serves one kind of protection. */
    private final Map<String, KeyUse> keyUses = new HashMap<>();

    /** {@code use}: {@code hash}, {@code deterministic} or {@code randomized}, as {@code keys create --type} names them. */
    private record KeyUse(String use, String what, Location at) {}

    Reader(String file, Problems problems) {
      this.file = file;
      this.problems = problems;
    }

    Contract contract(Node.Mapping map, String sha256) {
      Fields f = new Fields(map, "the contract", problems);
      f.allow(TOP_KEYS);
      String apiVersion = f.requiredString("apiVersion", "add 'apiVersion: sluice/v1' as the first line").orElse("");
      if (f.has("apiVersion") && !apiVersion.isEmpty() && !apiVersion.equals(Contract.API_VERSION)) {
        problems.add(Kind.INVALID_VALUE, map.get("apiVersion").orElseThrow().location(), "unsupported apiVersion " + Excerpt.quoted(apiVersion),
            "this Sluice reads 'apiVersion: " + Contract.API_VERSION + "'");
      }
      f.requiredString("kind", "add 'kind: DataContract'").ifPresent(kind -> {
        if (!kind.equals(Contract.KIND)) {
          problems.add(Kind.INVALID_VALUE, map.get("kind").orElseThrow().location(), "unsupported kind " + Excerpt.quoted(kind),
              "write 'kind: " + Contract.KIND + "'");
        }
      });
      String id = f.requiredString("id", "add an id such as 'id: orders' ([a-z][a-z0-9_-]*)").orElse("");
      if (!id.isEmpty() && !ID.matcher(id).matches()) {
        problems.add(Kind.INVALID_VALUE, map.get("id").orElseThrow().location(), "invalid id " + Excerpt.quoted(id),
            "an id is lower case letters, digits, '_' and '-', starting with a letter: e.g. "
                + Excerpt.quoted(id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_").replaceAll("^[^a-z]+", "")));
      }
      SemanticVersion version = version(f).orElse(new SemanticVersion(0, 0, 0, "", ""));
      Layer layer = f.has("layer") ? layer(f, "layer").orElse(Layer.BRONZE) : missingLayer(map);
      Optional<Layer> source = layer(f, "source");
      Optional<Node.Mapping> schema = f.mapping("schema");
      ExtraColumns extra = schema.map(this::schema).orElse(ExtraColumns.KEEP);

      List<Column> columns = new ArrayList<>();
      Optional<Node.Sequence> columnList = f.list("columns");
      if (!f.has("columns")) {
        problems.add(Kind.MISSING_KEY, map.location(), "the contract has no 'columns'",
            "list the columns the dataset must have, each with a name and a type");
      } else if (columnList.isPresent() && columnList.get().items().isEmpty()) {
        problems.add(Kind.INVALID_VALUE, columnList.get().location(), "'columns' is empty", "list at least one column, with a name and a type");
      }
      columnList.ifPresent(seq -> seq.items().forEach(item -> column(item).ifPresent(columns::add)));
      columns.forEach(this::registerColumnIds);

      List<CompositeKey> keys = new ArrayList<>();
      f.list("unique").ifPresent(seq -> seq.items().forEach(item -> compositeKey(item).ifPresent(keys::add)));
      List<CheckSpec> checks = new ArrayList<>();
      f.list("checks").ifPresent(seq -> seq.items().forEach(item ->
          check(item, Placement.ROW, Optional.empty()).ifPresent(checks::add)));
      List<CheckSpec> datasetChecks = new ArrayList<>();
      f.list("dataset_checks").ifPresent(seq -> seq.items().forEach(item ->
          check(item, Placement.DATASET, Optional.empty()).ifPresent(datasetChecks::add)));
      Access access = f.mapping("access").map(this::access).orElse(Access.defaults(map.location()));

      Map<String, Location> keyLocations = new LinkedHashMap<>();
      map.entries().forEach((key, value) -> keyLocations.put(key, value.location()));
      schema.flatMap(s -> s.get("extra_columns"))
          .ifPresent(value -> keyLocations.put("schema.extra_columns", value.location()));
      return new Contract(apiVersion, id, version, f.string("owner"), f.string("description"), layer, source, extra,
          columns, keys, checks, datasetChecks, access, customProperties(f), file, sha256, keyLocations);
    }

    private Layer missingLayer(Node.Mapping map) {
      problems.add(Kind.MISSING_KEY, map.location(), "the contract has no 'layer'",
          "say which layer this contract guards: 'layer: bronze', 'silver' or 'gold'");
      return Layer.BRONZE;
    }

    private Optional<SemanticVersion> version(Fields f) {
      Optional<Node> node = f.node("version");
      if (node.isEmpty()) {
        problems.add(Kind.MISSING_KEY, f.mapping().location(), "the contract has no 'version'",
            "add a semantic version such as 'version: 1.0.0'; bump it when the contract changes");
        return Optional.empty();
      }
      if (node.get() instanceof Node.Scalar s && s.value() != null && !(s.value() instanceof String)) {
        problems.add(Kind.INVALID_VALUE, s.location(), "version " + Excerpt.of(s.text()) + " is not a semantic version (YAML read it as a number)",
            "write MAJOR.MINOR.PATCH, e.g. 'version: " + padVersion(s.text()) + "'");
        return Optional.empty();
      }
      return f.string("version").flatMap(text -> {
        Optional<SemanticVersion> v = SemanticVersion.parse(text);
        if (v.isEmpty()) {
          problems.add(Kind.INVALID_VALUE, node.get().location(), "version " + Excerpt.quoted(text) + " is not a semantic version",
              "write MAJOR.MINOR.PATCH, e.g. 'version: " + padVersion(text) + "' (semver.org)");
        }
        return v;
      });
    }

    private static String padVersion(String text) {
      String[] parts = text.replaceAll("[^0-9.]", "").split("\\.");
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        String p = i < parts.length && !parts[i].isEmpty() ? String.valueOf(Long.parseLong(parts[i].length() > 18 ? "0" : parts[i])) : "0";
        b.append(i == 0 ? "" : ".").append(p);
      }
      return b.toString();
    }

    private Optional<Layer> layer(Fields f, String key) {
      return f.word(key, LAYERS).map(w -> Layer.valueOf(w.toUpperCase(Locale.ROOT)));
    }

    private ExtraColumns schema(Node.Mapping map) {
      Fields f = new Fields(map, "'schema'", problems);
      f.allow(List.of("extra_columns"));
      return f.word("extra_columns", List.of("keep", "drop", "fail"))
          .map(w -> ExtraColumns.valueOf(w.toUpperCase(Locale.ROOT))).orElse(ExtraColumns.KEEP);
    }

    private Optional<Column> column(Node item) {
      if (!(item instanceof Node.Mapping map)) {
        problems.add(Kind.WRONG_SHAPE, item.location(), "a column must be a mapping, not " + item.describe(),
            "write '- name: ...' and 'type: ...' on their own lines");
        return Optional.empty();
      }
      Fields f = new Fields(map, "a column", problems);
      Optional<String> name = f.requiredString("name", "give the column a 'name' (any text; spaces are fine)");
      String what = name.map(n -> "column " + Excerpt.quoted(n)).orElse("a column");
      f = new Fields(map, what, problems);
      f.allow(COLUMN_KEYS);
      if (name.isPresent() && name.get().isBlank()) {
        problems.add(Kind.INVALID_VALUE, map.get("name").orElseThrow().location(), "a column name is blank", "write the column's name");
        return Optional.empty();
      }
      if (name.isPresent() && Column.reserved(name.get())) {
        problems.add(Kind.INVALID_VALUE, map.get("name").orElseThrow().location(), "column name " + Excerpt.quoted(name.get())
                + " is reserved: the engine's own columns start with '_dq_' or '__dq_', and '" + Column.CORRUPT_RECORD
                + "' holds malformed records",
            "rename the column, in the data too (e.g. " + Excerpt.quoted(name.get().replaceFirst("^_+", "")) + ")");
      }
      Optional<DataType> type = f.requiredString("type", "give " + what + " a type: " + String.join(", ", DataType.NAMES))
          .flatMap(t -> {
            Optional<DataType> parsed = DataType.parse(t);
            if (parsed.isEmpty()) {
              problems.add(Kind.INVALID_VALUE, map.get("type").orElseThrow().location(), "unknown type " + Excerpt.quoted(t) + " for " + what
                  + Suggest.didYouMean(t, DataType.NAMES),
                  t.toLowerCase(Locale.ROOT).startsWith("decimal")
                      ? "a decimal is decimal(p,s) with 1 <= p <= 38 and 0 <= s <= p, e.g. decimal(12,2)"
                      : "use one of: " + String.join(", ", DataType.NAMES));
            }
            return parsed;
          });
      Optional<Severity> required = flag(f, "required", what);
      Optional<Severity> unique = flag(f, "unique", what);
      Optional<String> format = f.string("format");
      type.ifPresent(t -> format.ifPresent(fmt -> {
        if (!t.kind().isTemporal()) {
          problems.add(Kind.INVALID_VALUE, map.get("format").orElseThrow().location(), "'format' applies to date and timestamp columns; "
              + what + " is " + t, "remove 'format', or declare the column as date or timestamp");
        }
      }));
      Optional<Protect> protect = f.mapping("protect").flatMap(p -> protect(p, what, type));
      if (name.isEmpty()) {
        return Optional.empty();
      }
      List<CheckSpec> checks = new ArrayList<>();
      f.list("checks").ifPresent(seq -> seq.items().forEach(c ->
          check(c, Placement.COLUMN, name).ifPresent(checks::add)));
      Column column = new Column(name.get(), type.orElse(DataType.of(DataType.Kind.STRING)), format, required, unique,
          type.isPresent() ? checks : List.of(), // checks of an untyped column cannot be validated meaningfully
          f.string("classification"), protect, f.string("description"), customProperties(f), map.location());
      Column previous = columnsByKey.putIfAbsent(name.get().toLowerCase(Locale.ROOT), column);
      if (previous != null) {
        problems.add(Kind.DUPLICATE, map.get("name").orElseThrow().location(), "duplicate column " + Excerpt.quoted(name.get())
                + " (also at line " + previous.location().line()
                + (previous.name().equals(name.get()) ? "" : " as " + Excerpt.quoted(previous.name())) + ")",
            "Spark resolves column names ignoring case: keep one, or rename one of them");
        return Optional.empty();
      }
      return Optional.of(column);
    }

    /** Any values under any names: Sluice carries them for other tools and reads none of them. */
    private static Map<String, Node> customProperties(Fields f) {
      return f.mapping("custom_properties").map(Node.Mapping::entries).orElse(Map.of());
    }

    /** {@code required} / {@code unique}: {@code true}, {@code false}, or {@code {severity: warn}}. */
    private Optional<Severity> flag(Fields f, String key, String what) {
      Optional<Node> node = f.node(key);
      if (node.isEmpty()) {
        return Optional.empty();
      }
      if (node.get() instanceof Node.Scalar s && s.value() instanceof Boolean b) {
        return b ? Optional.of(Severity.ERROR) : Optional.empty();
      }
      if (node.get() instanceof Node.Mapping m) {
        Fields mf = new Fields(m, "'" + key + "' of " + what, problems);
        mf.allow(List.of("severity"));
        return Optional.of(mf.word("severity", SEVERITIES).map(this::severity).orElse(Severity.ERROR));
      }
      problems.add(Kind.WRONG_SHAPE, node.get().location(), "'" + key + "' of " + what + " must be true, false or {severity: warn}, not "
          + node.get().describe(), "write '" + key + ": true' or '" + key + ": { severity: warn }'");
      return Optional.empty();
    }

    private Severity severity(String word) {
      return Severity.valueOf(word.toUpperCase(Locale.ROOT));
    }

    private Optional<Protect> protect(Node.Mapping map, String what, Optional<DataType> type) {
      Fields f = new Fields(map, "'protect' of " + what, problems);
      f.allow(List.of("mask", "encrypt", "key", "domain"));
      Optional<MaskType> mask = f.word("mask", MaskType.words()).flatMap(MaskType::parse);
      Optional<EncryptMode> encrypt = f.word("encrypt", List.of("deterministic", "randomized"))
          .map(w -> EncryptMode.valueOf(w.toUpperCase(Locale.ROOT)));
      Optional<String> key = f.string("key");
      Optional<String> domain = f.string("domain");
      if (f.has("mask") == f.has("encrypt")) {
        problems.add(Kind.PROTECTION, map.location(), "'protect' of " + what + " needs exactly one of 'mask' or 'encrypt'",
            "mask is irreversible (" + String.join(", ", MaskType.words())
                + "); encrypt is reversible with a key (deterministic or randomized)");
        return Optional.empty();
      }
      if (encrypt.isPresent() && key.isEmpty() && !f.has("key")) {
        problems.add(Kind.MISSING_KEY, map.location(), "'protect' of " + what + " encrypts but names no key",
            "add 'key: <keyset name>' naming a " + encrypt.get().name().toLowerCase(Locale.ROOT)
                + " keyset of the keyset store", Remedy.CREATE_KEYSET);
      }
      if (mask.isPresent() && mask.get() == MaskType.HASH && key.isEmpty() && !f.has("key")) {
        problems.add(Kind.MISSING_KEY, map.location(), "'protect' of " + what + " hashes but names no key",
            "add 'key: <keyset name>' naming a hash keyset of the keyset store: the hash is keyed"
                + " so that hashing a dictionary cannot reverse it", Remedy.CREATE_KEYSET);
      }
      key.ifPresent(k -> {
        if (!ID.matcher(k).matches()) {
          problems.add(Kind.INVALID_VALUE, map.get("key").orElseThrow().location(), "invalid key name " + Excerpt.quoted(k),
              "key names are lower case letters, digits, '_' and '-', starting with a letter");
        } else if (mask.isEmpty() || mask.get() == MaskType.HASH) {
          String use = encrypt.map(e -> e.name().toLowerCase(Locale.ROOT)).orElse("hash");
          keyUse(k, use, what, map.get("key").orElseThrow().location());
        }
        if (mask.isPresent() && mask.get() != MaskType.HASH) {
          problems.add(Kind.PROTECTION, map.keyLocation("key"), "'key' does not apply to mask '" + mask.get().word() + "'",
              "only encryption and the keyed 'hash' mask use a key; remove 'key'");
        }
      });
      if (domain.isPresent() && encrypt.isEmpty()) {
        problems.add(Kind.PROTECTION, map.keyLocation("domain"), "'domain' only applies to encryption",
            "remove 'domain', or encrypt the column");
      }
      if (mask.isPresent() && type.isPresent()) {
        DataType.Kind kind = type.get().kind();
        MaskType m = mask.get();
        boolean fits = switch (m) {
          case YEAR_ONLY -> kind.isTemporal();
          case REDACT, SHOW_LAST_4, SHOW_FIRST_4, EMAIL_DOMAIN -> kind == DataType.Kind.STRING;
          case HASH, NULLIFY -> true;
        };
        if (!fits) {
          problems.add(Kind.PROTECTION, map.get("mask").orElseThrow().location(), "mask '" + m.word() + "' does not apply to "
              + what + " of type " + type.get(),
              m == MaskType.YEAR_ONLY ? "year_only masks dates and timestamps" : m.word() + " masks strings; use hash or nullify for other types");
        }
      }
      if (mask.isEmpty() && encrypt.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Protect(mask, encrypt, key, domain, map.location()));
    }

    private void keyUse(String key, String use, String what, Location at) {
      KeyUse first = keyUses.putIfAbsent(key, new KeyUse(use, what, at));
      if (first != null && !first.use().equals(use)) {
        problems.add(Kind.PROTECTION, at, "key " + Excerpt.quoted(key) + " holds a " + first.use() + " key for " + first.what()
                + " (line " + first.at().line() + "), and " + what + " needs a " + use + " one",
            "a keyset holds one kind of key: name another keyset for one of them (a " + use + " keyset)",
            Remedy.CREATE_KEYSET);
      }
    }

    private Optional<CompositeKey> compositeKey(Node item) {
      Node.Sequence columns;
      Severity severity = Severity.ERROR;
      if (item instanceof Node.Sequence seq) {
        columns = seq;
      } else if (item instanceof Node.Mapping map) {
        Fields f = new Fields(map, "a unique key", problems);
        f.allow(List.of("columns", "severity"));
        severity = f.word("severity", SEVERITIES).map(this::severity).orElse(Severity.ERROR);
        Optional<Node.Sequence> cols = f.list("columns");
        if (cols.isEmpty()) {
          if (!f.has("columns")) {
            problems.add(Kind.MISSING_KEY, map.location(), "a unique key has no 'columns'", "write 'columns: [a, b]'");
          }
          return Optional.empty();
        }
        columns = cols.get();
      } else {
        problems.add(Kind.WRONG_SHAPE, item.location(), "a unique key must be a list of column names, not " + item.describe(),
            "write '- [customer_id, ordered_at]'");
        return Optional.empty();
      }
      List<String> names = new ArrayList<>();
      boolean ok = true;
      for (Node n : columns.items()) {
        if (n instanceof Node.Scalar s && s.value() instanceof String name) {
          ok &= knownColumn(name, s.location(), "a unique key");
          if (names.contains(name)) {
            problems.add(Kind.DUPLICATE, s.location(), "column " + Excerpt.quoted(name) + " appears twice in a unique key", "name each column once");
            ok = false;
          }
          names.add(name);
        } else {
          problems.add(Kind.WRONG_SHAPE, n.location(), "a unique key lists column names, not " + n.describe(), "write the column's name");
          ok = false;
        }
      }
      if (names.isEmpty()) {
        problems.add(Kind.INVALID_VALUE, columns.location(), "a unique key names no columns", "list the key's columns: [a, b]");
        return Optional.empty();
      }
      CompositeKey key = new CompositeKey(names, severity, item.location());
      registerId(key.id(), item.location());
      return ok ? Optional.of(key) : Optional.empty();
    }

    private Optional<CheckSpec> check(Node item, Placement placement, Optional<String> column) {
      String where = switch (placement) {
        case COLUMN -> "a check of column " + Excerpt.quoted(column.orElse(""));
        case ROW -> "a row check";
        case DATASET -> "a dataset check";
      };
      if (!(item instanceof Node.Mapping map)) {
        problems.add(Kind.WRONG_SHAPE, item.location(), where + " must be a mapping such as '- range: { min: 0 }', not " + item.describe(),
            "write the check kind as a key, with its arguments as the value");
        return Optional.empty();
      }
      // A row check may name the columns it reads as a key (a composite reference): 'columns' is then no kind.
      List<String> kinds = map.keys().keySet().stream().filter(k -> !CHECK_META_KEYS.contains(k))
          .filter(k -> placement != Placement.ROW || !k.equals("columns")).toList();
      if (placement != Placement.ROW && kinds.contains("columns") && kinds.size() == 2) {
        problems.add(Kind.UNKNOWN_KEY, map.keyLocation("columns"), where + " cannot name 'columns'",
            placement == Placement.COLUMN ? "a column check's key is its column; for a key of several columns, write the"
                + " check under the top-level 'checks' with 'columns: [a, b]'" : "remove 'columns'");
        return Optional.empty();
      }
      if (kinds.size() != 1) {
        problems.add(Kind.CHECK_KIND, map.location(), kinds.isEmpty() ? where + " names no check kind"
                : where + " names " + kinds.size() + " check kinds (" + Excerpt.list(kinds) + ")",
            "write one check per list item: its kind as the key, plus optional severity, name and description");
        return Optional.empty();
      }
      String kind = kinds.get(0);
      Fields f = new Fields(map, where, problems);
      Severity severity = f.word("severity", SEVERITIES).map(this::severity).orElse(Severity.ERROR);
      Optional<String> name = f.string("name");
      name.ifPresent(n -> {
        if (n.isBlank()) {
          problems.add(Kind.INVALID_VALUE, map.get("name").orElseThrow().location(), "a check name is blank", "name the check, or remove 'name'");
        }
      });
      Node args = map.get(kind).orElse(new Node.Scalar(null, map.keyLocation(kind)));
      Optional<String> argColumn = column;
      if (placement == Placement.DATASET && args instanceof Node.Mapping a && a.get("column").isPresent()) {
        if (a.get("column").get() instanceof Node.Scalar s && s.value() instanceof String c) {
          argColumn = Optional.of(c);
          knownColumn(c, s.location(), where);
        }
      }
      List<String> keyColumns = placement == Placement.ROW && map.get("columns").isPresent()
          ? keyColumns(map.get("columns").get(), where) : List.of();
      if (placement == Placement.ROW && map.get("columns").isPresent() && keyColumns.isEmpty()) {
        return Optional.empty();
      }
      if (placement == Placement.ROW && name.isEmpty() && keyColumns.isEmpty()) {
        problems.add(Kind.MISSING_KEY, map.location(), "a row check has no 'name'",
            "name it: the name is its check id in reports and quarantine reasons, e.g. 'name: discount_le_amount'");
        return Optional.empty();
      }
      Optional<String> metric = placement == Placement.DATASET && args instanceof Node.Mapping a
          && a.get("metric").orElse(null) instanceof Node.Scalar s && s.value() instanceof String t ? Optional.of(t) : Optional.empty();
      String id = name.filter(n -> !n.isBlank()).orElse(metric.map(t -> t + "." + kind)
          .orElse(keyColumns.isEmpty() ? CheckSpec.defaultId(kind, placement, argColumn) : CheckSpec.defaultId(kind, keyColumns)));
      registerId(id, map.keyLocation(kind));
      return Optional.of(new CheckSpec(id, kind, placement, argColumn, keyColumns, args, severity, f.string("description"),
          map.keyLocation(kind)));
    }

    /** A row check's {@code columns: [a, b]}: declared columns, each once; empty after reporting a problem. */
    private List<String> keyColumns(Node node, String where) {
      if (!(node instanceof Node.Sequence seq)) {
        problems.add(Kind.WRONG_SHAPE, node.location(), "'columns' of " + where + " must be a list of column names, not "
            + node.describe(), "write 'columns: [customer_id, region]'");
        return List.of();
      }
      List<String> names = new ArrayList<>();
      boolean ok = true;
      for (Node n : seq.items()) {
        if (n instanceof Node.Scalar s && s.value() instanceof String name) {
          ok &= knownColumn(name, s.location(), where);
          if (names.contains(name)) {
            problems.add(Kind.DUPLICATE, s.location(), "column " + Excerpt.quoted(name) + " appears twice in 'columns'", "name each column once");
            ok = false;
          }
          names.add(name);
        } else {
          problems.add(Kind.WRONG_SHAPE, n.location(), "'columns' lists column names, not " + n.describe(), "write the column's name");
          ok = false;
        }
      }
      if (names.isEmpty()) {
        problems.add(Kind.INVALID_VALUE, seq.location(), "'columns' of " + where + " names no columns", "list the key's columns: [a, b]");
      }
      return ok ? List.copyOf(names) : List.of();
    }

    private boolean knownColumn(String name, Location where, String what) {
      if (columnsByKey.containsKey(name.toLowerCase(Locale.ROOT))) {
        return true;
      }
      List<String> names = columnsByKey.values().stream().map(Column::name).toList();
      problems.add(Kind.UNKNOWN_COLUMN, where, what + " names column " + Excerpt.quoted(name) + ", which the contract does not declare"
          + Suggest.didYouMean(name, names), "declare the column under 'columns', or fix the name");
      return false;
    }

    /** The implicit ids of a column's flags and type: {@code order_id.required}, {@code .unique}, {@code .type}. */
    private void registerColumnIds(Column c) {
      registerId(c.name() + ".type", c.location());
      c.required().ifPresent(s -> registerId(c.name() + ".required", c.location()));
      c.unique().ifPresent(s -> registerId(c.name() + ".unique", c.location()));
    }

    private void registerId(String id, Location where) {
      Location first = ids.putIfAbsent(id, where);
      if (first != null) {
        problems.add(Kind.DUPLICATE, where, "duplicate check id " + Excerpt.quoted(id) + " (first at line " + first.line() + ")",
            "give one of the checks a distinct 'name'; ids name checks in reports and quarantine reasons");
      }
    }

    private Access access(Node.Mapping map) {
      Fields f = new Fields(map, "'access'", problems);
      f.allow(List.of("default", "roles"));
      ColumnAccess def = f.word("default", List.of("clear", "masked", "denied")).flatMap(ColumnAccess::parse)
          .orElse(ColumnAccess.MASKED);
      Map<String, Map<String, ColumnAccess>> roles = new LinkedHashMap<>();
      f.mapping("roles").ifPresent(rolesMap -> rolesMap.entries().forEach((role, node) -> {
        if (!(node instanceof Node.Mapping cols)) {
          problems.add(Kind.WRONG_SHAPE, node.location(), "role " + Excerpt.quoted(role) + " must map columns to access, not " + node.describe(),
              "write " + Excerpt.quoted(role + ": { column: clear }"));
          return;
        }
        Map<String, ColumnAccess> perColumn = new LinkedHashMap<>();
        cols.entries().forEach((columnName, value) -> {
          Location at = cols.keyLocation(columnName);
          String ofRole = "'access' of role " + Excerpt.quoted(role);
          if (!knownColumn(columnName, at, ofRole)) {
            return;
          }
          Fields rf = new Fields(cols, ofRole, problems);
          rf.word(columnName, ACCESS_WORDS).flatMap(ColumnAccess::parse).ifPresent(a -> {
            Column column = columnsByKey.get(columnName.toLowerCase(Locale.ROOT));
            boolean masked = column.protect().flatMap(Protect::mask).isPresent();
            if (masked && (a.mode() == ColumnAccess.Mode.CLEAR || a.mode() == ColumnAccess.Mode.MASK)) {
              problems.add(Kind.PROTECTION, value.location(), "role " + Excerpt.quoted(role) + " asks '" + a + "' of column "
                      + Excerpt.quoted(columnName) + ", which is masked irreversibly ("
                      + column.protect().get().mask().get().word() + ")",
                  "masked values cannot be read in clear: use 'masked' or 'denied', or encrypt the column instead");
            } else if (a.mask().orElse(null) == MaskType.HASH) {
              problems.add(Kind.PROTECTION, value.location(), "role " + Excerpt.quoted(role) + " asks 'hash' of column "
                      + Excerpt.quoted(columnName) + " at read",
                  "a keyed hash is applied when data is written (protect: { mask: hash, key: K }); give the role"
                      + " 'masked', 'denied' or another mask");
            }
            perColumn.put(column.name(), a);
          });
        });
        roles.put(role, perColumn);
      }));
      return new Access(def, roles, map.location());
    }
  }

  /** True when {@code regex} compiles as Java (and so Spark) regular expression; reports it otherwise. */
  public static boolean validRegex(String regex, Location where, Problems problems) {
    try {
      Pattern.compile(regex);
      return true;
    } catch (PatternSyntaxException e) {
      problems.add(Kind.EXPRESSION, where, "invalid regular expression " + Excerpt.quoted(regex) + ": " + Excerpt.of(e.getDescription())
              + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""),
          "Spark uses Java regular expressions; escape special characters with '\\\\' and quote the YAML value with single quotes");
      return false;
    }
  }
}
