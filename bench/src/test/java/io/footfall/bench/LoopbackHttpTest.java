package io.footfall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackHttpTest {
  @Test
  void readsTheDurationOfAServerTimingHeader() {
    assertThat(LoopbackHttp.serverTiming("query;dur=12.5")).isEqualTo(12.5);
    assertThat(LoopbackHttp.serverTiming("query;desc=\"x\";dur=3, db;dur=9")).isEqualTo(3.0);
    assertThat(LoopbackHttp.serverTiming("query;dur=0.4;desc=x")).isEqualTo(0.4);
  }

  @Test
  void answersMinusOneWithoutAReadableDuration() {
    assertThat(LoopbackHttp.serverTiming("query")).isEqualTo(-1);
    assertThat(LoopbackHttp.serverTiming("query;dur=soon")).isEqualTo(-1);
  }
}
