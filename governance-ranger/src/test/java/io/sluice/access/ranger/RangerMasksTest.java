package io.sluice.access.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.contract.MaskType;
import org.junit.jupiter.api.Test;

/** Sluice's mask types and Ranger's data-mask types, both ways. */
class RangerMasksTest {
  @Test
  void everyMaskTypeMapsToRangerAndBack() {
    for (MaskType m : MaskType.values()) {
      assertThat(RangerMasks.sluiceMask(RangerMasks.rangerType(m), RangerMasks.valueExpr(m).orElse(null))).contains(m);
    }
    assertThat(RangerMasks.rangerType(MaskType.YEAR_ONLY)).isEqualTo("MASK_DATE_SHOW_YEAR");
    assertThat(RangerMasks.sluiceMask("CUSTOM", "upper({col})")).isEmpty();
  }
}
