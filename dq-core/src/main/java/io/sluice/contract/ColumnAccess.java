package io.sluice.contract;

import java.util.Optional;

/**
 * What a reader sees of one column: {@code CLEAR} (decrypted), {@code MASKED} (as stored),
 * {@code DENIED} (dropped), or {@code MASK} (decrypted, then masked with {@code mask}).
 */
public record ColumnAccess(Mode mode, Optional<MaskType> mask) {

  public enum Mode { CLEAR, MASKED, DENIED, MASK }

  public static final ColumnAccess CLEAR = new ColumnAccess(Mode.CLEAR, Optional.empty());
  public static final ColumnAccess MASKED = new ColumnAccess(Mode.MASKED, Optional.empty());
  public static final ColumnAccess DENIED = new ColumnAccess(Mode.DENIED, Optional.empty());

  public static ColumnAccess masked(MaskType type) {
    return new ColumnAccess(Mode.MASK, Optional.of(type));
  }

  public static Optional<ColumnAccess> parse(String word) {
    return switch (word) {
      case "clear" -> Optional.of(CLEAR);
      case "masked" -> Optional.of(MASKED);
      case "denied" -> Optional.of(DENIED);
      default -> MaskType.parse(word).map(ColumnAccess::masked);
    };
  }

  @Override
  public String toString() {
    return mode == Mode.MASK ? mask.orElseThrow().word() : mode.name().toLowerCase(java.util.Locale.ROOT);
  }
}
