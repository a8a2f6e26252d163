package io.footfall.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Salts}: the first salt of a day wins, and old days are deleted. Every
 * metadata backend runs it through {@link MetadataStoreContract}.
 */
public abstract class SaltsContract extends MetadataContract {
  @Test
  void keepsTheFirstSaltOfADayAndDeletesOldDays() {
    LocalDate day = LocalDate.of(2026, 3, 1);
    byte[] first = store.salts().forDay("s1", day, new byte[] {1, 2, 3});
    byte[] second = store.salts().forDay("s1", day, new byte[] {9, 9, 9});
    assertThat(second).isEqualTo(first).containsExactly(1, 2, 3);
    assertThat(store.salts().forDay("s2", day, new byte[] {8})).containsExactly(8);

    store.salts().forDay("s1", day.plusDays(1), new byte[] {4});
    store.salts().forDay("s1", day.plusDays(2), new byte[] {5});
    assertThat(store.salts().deleteBefore("s1", day.plusDays(1))).isEqualTo(1);
    assertThat(store.salts().forDay("s1", day, new byte[] {7})).containsExactly(7);
    assertThat(store.salts().forDay("s1", day.plusDays(1), new byte[] {0})).containsExactly(4);
    assertThat(store.salts().forDay("s2", day, new byte[] {0})).containsExactly(8);
  }
}
