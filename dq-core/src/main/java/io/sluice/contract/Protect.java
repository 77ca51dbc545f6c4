package io.sluice.contract;

import java.util.Optional;

/**
 * How a column is protected at rest: exactly one of {@code mask} (irreversible) or {@code encrypt}
 * (reversible with the key). {@code domain} is the associated data of encryption; it defaults to the
 * column name, and two tables that share a domain produce joinable tokens.
 */
public record Protect(
    Optional<MaskType> mask,
    Optional<EncryptMode> encrypt,
    Optional<String> key,
    Optional<String> domain,
    Location location) {

  public boolean isReversible() {
    return encrypt.isPresent();
  }
}
