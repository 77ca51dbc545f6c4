package io.sluice.access.ranger;

import io.sluice.contract.MaskType;
import java.util.Optional;

/**
 * Sluice's mask types as Apache Ranger's data-mask types (the Hive service definition's names). A Ranger
 * mask type says what a reader sees of the column's value in clear, so {@code clear} is
 * {@code MASK_NONE}. Two reads have no Ranger type of their own and are {@code CUSTOM} with a value
 * expression: {@code email_domain} (a Hive/Spark SQL expression that keeps the domain) and an encrypted
 * column read as stored ({@code {col}}: the stored value, which is the token).
 */
public final class RangerMasks {
  public static final String NONE = "MASK_NONE";
  public static final String CUSTOM = "CUSTOM";
  /** The value expression of an encrypted column read as stored: the token itself. */
  public static final String AS_STORED = "{col}";
  /** The value expression of {@code email_domain}: {@code ***@} and the domain. */
  public static final String EMAIL_DOMAIN = "concat('***@', substring_index({col}, '@', -1))";

  private RangerMasks() {}

  /** Ranger's type for {@code mask}: {@code MASK}, {@code MASK_SHOW_LAST_4}, … or {@code CUSTOM}. */
  public static String rangerType(MaskType mask) {
    return switch (mask) {
      case REDACT -> "MASK";
      case SHOW_LAST_4 -> "MASK_SHOW_LAST_4";
      case SHOW_FIRST_4 -> "MASK_SHOW_FIRST_4";
      case HASH -> "MASK_HASH";
      case NULLIFY -> "MASK_NULL";
      case YEAR_ONLY -> "MASK_DATE_SHOW_YEAR";
      case EMAIL_DOMAIN -> CUSTOM;
    };
  }

  /** The value expression Ranger needs with {@code CUSTOM}, if {@code mask} maps to it. */
  public static Optional<String> valueExpr(MaskType mask) {
    return mask == MaskType.EMAIL_DOMAIN ? Optional.of(EMAIL_DOMAIN) : Optional.empty();
  }

  /** The Sluice mask of a Ranger type and value expression, if there is one. */
  public static Optional<MaskType> sluiceMask(String rangerType, String valueExpr) {
    for (MaskType m : MaskType.values()) {
      if (rangerType(m).equals(rangerType)
          && (!CUSTOM.equals(rangerType) || valueExpr(m).orElseThrow().equals(valueExpr))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
