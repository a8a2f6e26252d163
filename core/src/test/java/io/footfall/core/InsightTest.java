package io.footfall.core;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InsightTest {
  static Insight withState(String state) {
    return new Insight("i_1", "s_1", "Name", Insight.Kind.STATS, state, "bootstrap", T0, T0);
  }

  @Test
  void acceptsWhatUrlSearchParamsWrites() {
    // new URLSearchParams({f: 'is|visit:source|Google', q: 'a b/ü', n: "~!'()*"}).toString()
    String written = "f=is%7Cvisit%3Asource%7CGoogle&q=a+b%2F%C3%BC&n=%7E%21%27%28%29*";
    assertThat(Insight.isQueryString(written)).isTrue();
    assertThat(withState(written).state()).isEqualTo(written);
    assertThat(Insight.isQueryString("")).isTrue();
    assertThat(Insight.isQueryString("step=page:/pricing&range=2026-01-01,2026-01-31")).isTrue();
  }

  @Test
  void refusesTextThatIsNotAQueryString() {
    for (String bad :
        new String[] {"?range=30d", "a b", "a=%zz", "a=%4", "a=<script>", "a=\"x\"", "a#b", "é"}) {
      assertThat(Insight.isQueryString(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> withState(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("query string");
    }
  }

  @Test
  void boundsNameAndState() {
    assertThat(withState("a".repeat(Insight.MAX_STATE_LENGTH)).state()).hasSize(4000);
    assertThatThrownBy(() -> withState("a".repeat(Insight.MAX_STATE_LENGTH + 1)))
        .hasMessageContaining("state must be at most 4000 characters, was 4001");
    assertThatThrownBy(
            () ->
                new Insight(
                    "i_1", "s_1", "x".repeat(101), Insight.Kind.STATS, "", "bootstrap", T0, T0))
        .hasMessageContaining("name must be at most 100 characters, was 101");
    assertThatThrownBy(
            () -> new Insight("i_1", "s_1", " ", Insight.Kind.STATS, "", "bootstrap", T0, T0))
        .hasMessageContaining("name must not be blank");
  }

  @Test
  void namesKindsAsThePagesDo() {
    assertThat(Arrays.stream(Insight.Kind.values()).map(Insight.Kind::apiName))
        .containsExactly("stats", "funnels", "retention", "paths", "active-users");
    for (Insight.Kind k : Insight.Kind.values()) {
      assertThat(Insight.Kind.ofApiName(k.apiName())).contains(k);
    }
    assertThat(Insight.Kind.ofApiName("ACTIVE_USERS")).isEmpty();
    assertThat(Insight.Kind.ofApiName("people")).isEmpty();
  }
}
