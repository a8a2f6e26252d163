package io.footfall.server.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Goal;
import io.footfall.core.people.EventMatch;
import io.footfall.core.query.Dimension;
import io.footfall.core.query.Filter;
import io.footfall.server.query.QueryException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EventMatchesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Goal> GOALS =
      List.of(
          new Goal(
              "g1",
              "s1",
              "Purchase",
              Goal.Kind.EVENT,
              "",
              "purchase",
              "",
              "",
              Instant.parse("2026-01-01T00:00:00Z")));

  private static EventMatch parse(String json) throws Exception {
    JsonNode node = JSON.readTree(json);
    return EventMatches.parse(node, "steps[1]", GOALS);
  }

  @Test
  void anEventStepIsItsNameWithItsFilters() throws Exception {
    EventMatch m =
        parse("{\"event\":\"signup\",\"filters\":[[\"is\",\"event:props:plan\",[\"pro\"]]]}");
    assertThat(m.label()).isEqualTo("signup");
    assertThat(m.filters()).hasSize(2);
    assertThat(m.filters().get(0).dimension().kind()).isEqualTo(Dimension.Kind.NAME);
    assertThat(m.filters().get(0).values()).containsExactly("signup");
    assertThat(m.filters().get(1).dimension()).isEqualTo(Dimension.property("plan"));
  }

  @Test
  void aPageStepMatchesItsPatternOverTheWholePath() throws Exception {
    EventMatch m = parse("{\"page\":\"/blog/*\"}");
    Filter page = m.filters().get(1);
    assertThat(page.op()).isEqualTo(Filter.Op.MATCHES);
    Pattern p = Pattern.compile(page.values().getFirst());
    assertThat(p.matcher("/blog/a").find()).isTrue();
    assertThat(p.matcher("/blog/a/b").find()).isFalse();
    assertThat(p.matcher("/x/blog/a").find()).isFalse();
  }

  @Test
  void aGoalStepNamesAGoalOfTheSite() throws Exception {
    assertThat(parse("{\"goal\":\"Purchase\"}").filters().getFirst().dimension().kind())
        .isEqualTo(Dimension.Kind.GOAL);
    assertThatThrownBy(() -> parse("{\"goal\":\"Nope\"}"))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("no goal named 'Nope'");
  }

  @Test
  void badStepsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> parse("{\"event\":\"a\",\"page\":\"/b\"}"))
        .hasMessageContaining("steps[1] must name exactly one");
    assertThatThrownBy(() -> parse("{\"page\":\"pricing\"}"))
        .hasMessageContaining("steps[1].page must be a path");
    assertThatThrownBy(() -> parse("{\"event\":\"\"}"))
        .hasMessageContaining("steps[1].event must be a non-empty string");
    assertThatThrownBy(() -> parse("{\"event\":\"a\",\"filter\":[]}"))
        .hasMessageContaining("unknown field steps[1].filter");
    assertThatThrownBy(
            () -> parse("{\"event\":\"a\",\"filters\":[[\"is\",\"visit:page\",[\"/\"]]]}"))
        .hasMessageContaining("about a whole visit");
    assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("steps[1] must be an object");
  }
}
