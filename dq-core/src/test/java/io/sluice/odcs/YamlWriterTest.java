package io.sluice.odcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.Location;
import io.sluice.contract.Node;
import io.sluice.contract.Problems;
import io.sluice.contract.YamlTree;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** What the writer writes reads back as the same values, and it knows where each value landed. */
class YamlWriterTest {
  private static final Location AT = Location.of("t");

  private static Object readBack(String text) {
    Problems problems = new Problems();
    Node root = YamlTree.read(text, "t", problems).orElseThrow(() -> new AssertionError(problems.sorted() + "\n" + text));
    assertThat(problems.sorted()).as(text).isEmpty();
    return Tree.plain(root);
  }

  private static String written(Node value) {
    return YamlWriter.write(List.of(), Tree.map(AT).put("block", value)
        .put("flow", Tree.map(AT).put("k", value).put("n", Tree.scalar(1L, AT)).build())
        .put("list", Tree.list(List.of(value, Tree.scalar("x", AT)), AT)).build()).text();
  }

  @Provide
  Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().withChars("aZ09 _-.:#,'\"\\{}[]&*!|>%@`?\t\n\r/$").ofMaxLength(20),
        Arbitraries.of("true", "False", "yes", "No", "on", "OFF", "y", "n", "null", "~", "", " ", "-", "- a", "? x", ".inf",
            "NaN", "1.0", "1e3", "0x1F", "0o17", "1_000", "2024-01-05", "12:30", "1.4.0", "+1", ".5", "a: b", "a #b", "#c",
            "'q'", "\"q\"", "@x", "`x`", "%x", "!x", "&a", "*a", "|", ">", "\uFEFFx", "x\u0085y", "x\u2028y", "\u00e9t\u00e9",
            "\uD83D\uDE00"));
  }

  @Property(tries = 2000)
  void everyStringReadsBackAsWritten(@ForAll("strings") String s) {
    Node value = Tree.scalar(s, AT);
    assertThat(readBack(written(value))).isEqualTo(Map.of("block", s, "flow", Map.of("k", s, "n", BigDecimal.ONE),
        "list", List.of(s, "x")));
  }

  @Property(tries = 500)
  void everyNumberReadsBackAsWritten(@ForAll("numbers") BigDecimal n) {
    Object back = readBack(written(Tree.scalar(n, AT)));
    BigDecimal expected = n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
    assertThat(back).isEqualTo(Map.of("block", expected, "flow", Map.of("k", expected, "n", BigDecimal.ONE),
        "list", List.of(expected, "x")));
  }

  @Provide
  Arbitrary<BigDecimal> numbers() {
    return Arbitraries.bigDecimals().between(new BigDecimal("-1e20"), new BigDecimal("1e20")).ofScale(6);
  }

  @Test
  void smallMappingsAndListsOfScalarsAreWrittenInFlowStyle() {
    Node.Mapping root = Tree.map(AT)
        .put("checks", Tree.list(List.of(Tree.map(AT).put("range", Tree.map(AT).put("min", 0L).put("max", 10L).build())
            .put("severity", "warn").build()), AT))
        .put("values", Tree.list(List.of(Tree.scalar("A", AT), Tree.scalar("B", AT)), AT))
        .put("version", "1.4.0").put("date", "2024-01-05").put("text", "it's").build();
    assertThat(YamlWriter.write(List.of("a comment"), root).text()).isEqualTo("""
        # a comment
        checks:
          - range: { min: 0, max: 10 }
            severity: warn
        values: [A, B]
        version: 1.4.0
        date: '2024-01-05'
        text: "it's"
        """);
  }

  @Test
  void itKnowsWhichNodeIsWrittenWhere() {
    Node.Scalar max = Tree.scalar(10L, new Location("odcs.yaml", 7, 20));
    Node.Mapping range = Tree.map(new Location("odcs.yaml", 6, 9)).put("min", 0L).put("max", max).build();
    Node.Mapping check = Tree.map(new Location("odcs.yaml", 5, 7)).put("range", range).build();
    YamlWriter.Written w = YamlWriter.write(List.of("c"), Tree.map(AT).put("checks", Tree.list(List.of(check), AT)).build());
    // # c / checks: / "  - range: { min: 0, max: 10 }"
    assertThat(w.nodesAt(3, 27)).startsWith(max, range, check);
    assertThat(w.nodesAt(3, 5)).first().isSameAs(check);
  }
}
