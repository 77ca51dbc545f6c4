package io.sluice.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The first rows of a dataset as a small text table, values cut at 40 characters. */
final class Table {
  private static final int WIDTH = 40;

  private Table() {}

  static void print(PrintWriter out, Dataset<Row> rows, int limit) {
    String[] names = rows.columns();
    List<Row> taken = rows.limit(limit + 1).collectAsList();
    List<String[]> cells = new ArrayList<>();
    for (Row r : taken.subList(0, Math.min(limit, taken.size()))) {
      String[] line = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        String v = r.isNullAt(i) ? "null" : String.valueOf(r.get(i));
        line[i] = v.length() > WIDTH ? v.substring(0, WIDTH - 3) + "..." : v;
      }
      cells.add(line);
    }
    int[] width = new int[names.length];
    for (int i = 0; i < names.length; i++) {
      width[i] = names[i].length();
      for (String[] line : cells) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : width) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    out.println(rule);
    out.println(line(names, width));
    out.println(rule);
    cells.forEach(l -> out.println(line(l, width)));
    out.println(rule);
    if (taken.size() > limit) {
      out.println("only the first " + limit + " rows are shown (--rows N, or --output PATH for all)");
    }
    out.flush();
  }

  private static String line(String[] values, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < values.length; i++) {
      b.append(' ').append(values[i]).append(" ".repeat(width[i] - values[i].length())).append(" |");
    }
    return b.toString();
  }
}
