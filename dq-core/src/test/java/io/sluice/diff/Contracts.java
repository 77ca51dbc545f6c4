package io.sluice.diff;

import io.sluice.contract.Contract;
import io.sluice.contract.ContractLoader;
import java.util.List;

/** A small contract that uses every part of the format, and edits of it, for the diff tests. */
final class Contracts {
  private Contracts() {}

  static final String BASE = """
      apiVersion: sluice/v1
      kind: DataContract
      id: orders
      version: 1.4.0
      owner: sales
      layer: silver
      source: bronze
      columns:
        - name: order_id
          type: string
          required: true
          unique: true
        - name: amount
          type: decimal(12,2)
          checks:
            - range: { min: 0, max: 100 }
        - name: status
          type: string
          checks:
            - allowed_values: [A, B]
        - name: country
          type: string
          checks:
            - pattern: '^[A-Z]{2}$'
            - length: { min: 2, max: 2 }
        - name: qty
          type: int
        - name: email
          type: string
          protect: { mask: hash, key: emails }
        - name: customer_id
          type: string
          protect: { encrypt: deterministic, key: customers }
      unique:
        - [order_id, country]
      checks:
        - name: positive
          expression: "amount >= 0"
      dataset_checks:
        - row_count: { min: 1 }
      access:
        default: masked
        roles:
          fraud: { customer_id: clear }
      """;

  static Contract load(String text, String file) {
    return ContractLoader.withValidators(List.of()).parse(text, file).orThrow();
  }

  /** BASE with {@code find} replaced by {@code replace}; fails loudly when {@code find} is not there. */
  static String edit(String text, String find, String replace) {
    if (!text.contains(find)) {
      throw new IllegalArgumentException("the contract has no '" + find + "'");
    }
    return text.replace(find, replace);
  }

  static String version(String text, String version) {
    return edit(text, "version: 1.4.0", "version: " + version);
  }
}
