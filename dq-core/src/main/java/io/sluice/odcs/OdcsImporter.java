package io.sluice.odcs;

import io.sluice.contract.ContractLoader;
import io.sluice.contract.Excerpt;
import io.sluice.contract.Location;
import io.sluice.contract.Node;
import io.sluice.contract.Problem;
import io.sluice.contract.Problems;
import io.sluice.contract.SemanticVersion;
import io.sluice.contract.YamlTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an Open Data Contract Standard (ODCS) v3.1 document into Sluice contracts, one per schema object
 * (docs/odcs.md has the mapping, both ways). What Sluice has no key for is kept in the contract's
 * {@code custom_properties} and named in a warning, never dropped silently; a broken document is a list of
 * located problems, and then there is no contract at all.
 *
 * <p>Each contract is written as YAML and loaded back with the given {@link ContractLoader}, so what an import
 * returns is what {@code sluice lint} accepts. A check Sluice refuses (a pattern with a look-ahead, say) is
 * kept as ODCS content instead, with a warning saying why.
 */
public final class OdcsImporter {
  /** ODCS versions whose schema objects and properties read as v3.1's do. */
  static final List<String> API_VERSIONS = List.of("v3.1.0", "v3.0.2", "v3.0.1", "v3.0.0");
  static final List<String> DOCUMENT_KEYS = List.of("version", "kind", "apiVersion", "id", "name", "tenant", "tags",
      "status", "servers", "dataProduct", "description", "domain", "schema", "support", "price", "team", "roles",
      "slaDefaultElement", "slaProperties", "authoritativeDefinitions", "customProperties", "contractCreatedTs");
  /** Document fields read elsewhere; every other one present is kept. */
  private static final List<String> DOCUMENT_READ = List.of("version", "kind", "apiVersion", "id", "name", "status",
      "schema", "team");

  private final ContractLoader loader;

  private OdcsImporter(ContractLoader loader) {
    this.loader = loader;
  }

  /** An importer that checks each contract it makes with {@code loader}, as lint would. */
  public static OdcsImporter using(ContractLoader loader) {
    return new OdcsImporter(loader);
  }

  public ImportResult read(Path file) {
    String name = file.toString();
    try {
      if (Files.size(file) > YamlTree.MAX_CHARS * 4L) {
        return failed(new Problem(Location.of(name), "the file is " + Files.size(file) + " bytes; an ODCS document"
            + " may be at most " + YamlTree.MAX_CHARS + " characters", "check that this is the document you meant"));
      }
      byte[] bytes = Files.readAllBytes(file);
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return parse(text, name);
    } catch (NoSuchFileException e) {
      return failed(new Problem(Location.of(name), "no such file", "check the path; ODCS contracts are YAML files"));
    } catch (CharacterCodingException e) {
      return failed(new Problem(Location.of(name), "the file is not UTF-8 text", "save the document as UTF-8"));
    } catch (IOException e) {
      return failed(new Problem(Location.of(name), "cannot read the file: " + Excerpt.of(String.valueOf(e.getMessage())),
          "check the path and its permissions"));
    }
  }

  private static ImportResult failed(Problem p) {
    return new ImportResult(List.of(), List.of(), List.of(p));
  }

  /** Imports ODCS text; {@code file} names it in problems and warnings. */
  public ImportResult parse(String text, String file) {
    Problems problems = new Problems();
    List<MappingWarning> warnings = new ArrayList<>();
    Optional<Node> root = YamlTree.read(text, file, problems);
    if (root.isEmpty()) {
      return new ImportResult(List.of(), warnings, problems.sorted());
    }
    if (!(root.get() instanceof Node.Mapping map)) {
      problems.add(root.get().location(), "an ODCS contract must be a YAML mapping, not " + root.get().describe(),
          "start with 'apiVersion: v3.1.0' and 'kind: DataContract' at the left margin");
      return new ImportResult(List.of(), warnings, problems.sorted());
    }
    Optional<ObjectImport.Document> doc = document(map, problems, warnings);
    List<ObjectImport> objects = new ArrayList<>();
    if (doc.isPresent()) {
      new Section(map, "the ODCS contract", problems).list("schema").ifPresent(list -> {
        for (Node item : list.items()) {
          if (item instanceof Node.Mapping m) {
            ObjectImport o = new ObjectImport(m, doc.get(), problems, warnings);
            o.read();
            objects.add(o);
          } else {
            problems.add(item.location(), "a schema object must be a mapping, not " + item.describe(),
                "write '- name: ...' and 'properties:' on their own lines");
          }
        }
      });
    }
    Map<String, ObjectImport> byId = new HashMap<>();
    for (ObjectImport o : objects) {
      ObjectImport first = o.id.isEmpty() ? null : byId.putIfAbsent(o.id, o);
      if (first != null) {
        problems.add(o.nameLocation().orElse(o.location()), "schema objects " + Excerpt.quoted(first.objectName) + " (line "
            + first.location().line() + ") and " + Excerpt.quoted(o.objectName) + " both become contract "
            + Excerpt.quoted(o.id), "rename one of them: a contract's id is its object's name in lower case");
      }
    }
    if (!problems.isEmpty()) {
      return new ImportResult(List.of(), warnings, problems.sorted());
    }
    List<ImportResult.Imported> contracts = new ArrayList<>();
    String shown = Path.of(file).getFileName() == null ? file : Path.of(file).getFileName().toString();
    for (ObjectImport o : objects) {
      write(o, shown, problems).ifPresent(contracts::add);
    }
    return problems.isEmpty() ? new ImportResult(contracts, warnings, List.of())
        : new ImportResult(List.of(), warnings, problems.sorted());
  }

  /**
   * Writes one object's contract and loads it; a check Sluice refuses is demoted and the contract written again,
   * until it loads or what is refused is not a check made from ODCS (then it is a problem of the document).
   */
  private Optional<ImportResult.Imported> write(ObjectImport o, String source, Problems problems) {
    List<String> header = List.of("Imported from the ODCS contract " + source + " (schema object " + o.objectName
        + ") by Sluice's ODCS import: docs/odcs.md has the mapping.");
    while (true) {
      YamlWriter.Written written = YamlWriter.write(header, o.render());
      ContractLoader.Result loaded = loader.parse(written.text(), o.id + ".yaml");
      if (loaded.ok()) {
        return Optional.of(new ImportResult.Imported(o.id, written.text(), loaded.contract().orElseThrow()));
      }
      boolean demoted = false;
      List<Problem> refused = new ArrayList<>();
      for (Problem p : loaded.problems()) {
        List<Node> nodes = written.nodesAt(p.location().line(), p.location().column());
        Optional<ObjectImport.Unit> unit = nodes.stream().map(o::unitOf).flatMap(Optional::stream).findFirst();
        if (unit.isPresent() && unit.get().demotable()) {
          if (!unit.get().demoted) { // a check can have two problems: it is kept once, for the first
            o.demote(unit.get(), p);
          }
          demoted = true;
        } else {
          Location at = nodes.isEmpty() ? o.location() : nodes.get(0).location();
          refused.add(new Problem(at, "Cannot import schema object " + Excerpt.quoted(o.objectName) + ": " + p.message(),
              p.hint()));
        }
      }
      if (!demoted) {
        refused.forEach(p -> problems.add(p.location(), p.message(), p.hint()));
        return Optional.empty();
      }
    }
  }

  private static Optional<ObjectImport.Document> document(Node.Mapping map, Problems problems,
      List<MappingWarning> warnings) {
    int before = problems.size();
    Section d = new Section(map, "the ODCS contract", problems);
    d.allow(DOCUMENT_KEYS);
    Optional<String> api = d.string("apiVersion");
    if (!d.has("apiVersion")) {
      problems.add(map.location(), "the document has no 'apiVersion'", "an ODCS v3.1 contract starts with"
          + " 'apiVersion: v3.1.0' and 'kind: DataContract'");
    }
    api.filter(a -> !API_VERSIONS.contains(a)).ifPresent(a -> problems.add(map.get("apiVersion").orElseThrow().location(),
        "unsupported ODCS apiVersion " + Excerpt.quoted(a),
        "this Sluice imports ODCS " + String.join(", ", API_VERSIONS) + " (v2 documents: upgrade them to v3 first)"));
    Optional<String> kind = d.string("kind");
    if (!d.has("kind")) {
      problems.add(map.location(), "the document has no 'kind'", "add 'kind: DataContract'");
    }
    kind.filter(k -> !k.equals("DataContract")).ifPresent(k -> problems.add(map.get("kind").orElseThrow().location(),
        "unsupported kind " + Excerpt.quoted(k), "an ODCS data contract has 'kind: DataContract'"));
    Optional<String> version = d.string("version");
    if (!d.has("version")) {
      problems.add(map.location(), "the document has no 'version'", "add the contract's semantic version, e.g."
          + " 'version: \"1.0.0\"'");
    }
    version.filter(v -> SemanticVersion.parse(v).isEmpty()).ifPresent(v -> problems.add(
        map.get("version").orElseThrow().location(), "version " + Excerpt.quoted(v) + " is not a semantic version",
        "Sluice contracts are versioned MAJOR.MINOR.PATCH (semver.org): write e.g. 'version: \"1.0.0\"'"));
    if (!d.has("schema")) {
      problems.add(map.location(), "the document has no 'schema'", "list its schema objects (tables), each with its"
          + " properties: each becomes a Sluice contract");
    }
    d.list("schema").filter(s -> s.items().isEmpty()).ifPresent(s -> problems.add(s.location(), "'schema' is empty",
        "list at least one schema object with its properties"));
    List<Kept> kept = new ArrayList<>();
    d.string("status").filter(s -> !s.equals("active")).ifPresent(s -> keep(kept, warnings, "status",
        map.get("status").orElseThrow(), "status " + Excerpt.quoted(s)));
    Optional<String> owner = Optional.empty();
    Optional<Node> team = d.node("team");
    if (team.isPresent() && team.get() instanceof Node.Mapping t) {
      Optional<String> teamName = new Section(t, "the team", problems).string("name");
      owner = teamName;
      Map<String, Node> rest = new java.util.LinkedHashMap<>(t.entries());
      rest.remove("name");
      if (!rest.isEmpty()) {
        Tree.Builder b = Tree.map(t.location());
        rest.forEach(b::put);
        keep(kept, warnings, "team", b.build(), String.join(", ", rest.keySet().stream().map(k -> "'team." + k + "'")
            .toList()) + " (the team's name is the owner)");
      }
    } else {
      team.ifPresent(t -> keep(kept, warnings, "team", t, "'team' (a v3.0 list of members)"));
    }
    for (String key : DOCUMENT_KEYS) {
      if (!DOCUMENT_READ.contains(key)) {
        d.node(key).ifPresent(n -> keep(kept, warnings, key, n, Excerpt.quoted(key)));
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new ObjectImport.Document(version.orElseThrow(), owner, d.node("id"), d.node("name"), kept));
  }

  private static void keep(List<Kept> kept, List<MappingWarning> warnings, String field, Node value, String what) {
    kept.add(Kept.whole(field, value));
    warnings.add(new MappingWarning(value.location(), what + " of the ODCS contract: no Sluice key, kept in the"
        + " custom_properties of each contract as 'odcs.contract." + field + "'"));
  }
}
