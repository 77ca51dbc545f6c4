package io.sluice.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Irreversible masks. Names follow Apache Ranger's mask types where Ranger has one. */
public enum MaskType {
  REDACT, HASH, SHOW_LAST_4, SHOW_FIRST_4, NULLIFY, YEAR_ONLY, EMAIL_DOMAIN;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<MaskType> parse(String word) {
    return Arrays.stream(values()).filter(m -> m.word().equals(word)).findFirst();
  }

  public static List<String> words() {
    return Arrays.stream(values()).map(MaskType::word).toList();
  }
}
