package io.footfall.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.EventDefinition.Problem;
import io.footfall.core.EventDefinition.PropertySchema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventDefinitionTest {
  private static final EventDefinition SIGNUP =
      new EventDefinition(
          "s1",
          "signup",
          "",
          "",
          List.of(),
          EventDefinition.Status.EXPECTED,
          List.of(
              new PropertySchema(
                  "plan", PropertySchema.Type.STRING, true, List.of("free", "pro"), null, null),
              new PropertySchema(
                  "seats",
                  PropertySchema.Type.NUMBER,
                  false,
                  List.of(),
                  BigDecimal.ONE,
                  BigDecimal.TEN),
              new PropertySchema(
                  "trial", PropertySchema.Type.BOOLEAN, false, List.of(), null, null)),
          Instant.EPOCH,
          Instant.EPOCH);

  @Test
  void conformingPropertiesHaveNoProblemAndUnnamedOnesAreAllowed() {
    assertThat(SIGNUP.check(Map.of("plan", "pro", "seats", new BigDecimal("3"), "extra", "x")))
        .isEmpty();
    assertThat(SIGNUP.check(Map.of("plan", "free", "trial", true))).isEmpty();
  }

  @Test
  void namesEachProblemWithItsPropertyAndKind() {
    Map<String, Object> missing = new HashMap<>();
    missing.put("plan", null);
    assertThat(SIGNUP.check(missing))
        .extracting(Problem::property, Problem::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("plan", Problem.Kind.MISSING));
    assertThat(SIGNUP.check(Map.of("plan", "gold", "seats", new BigDecimal("11"), "trial", "yes")))
        .extracting(Problem::property, Problem::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("plan", Problem.Kind.ENUM),
            org.assertj.core.groups.Tuple.tuple("seats", Problem.Kind.RANGE),
            org.assertj.core.groups.Tuple.tuple("trial", Problem.Kind.TYPE));
    assertThat(SIGNUP.check(Map.of("plan", new BigDecimal("1"))))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("plan must be a string"));
    assertThat(SIGNUP.check(Map.of("plan", "pro", "seats", new BigDecimal("0.5"))))
        .singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("seats must lie in [1, 10], was 0.5"));
  }

  @Test
  void refusesSchemasThatCannotHold() {
    assertThatThrownBy(
            () ->
                new PropertySchema(
                    "n", PropertySchema.Type.NUMBER, false, List.of("a"), null, null))
        .hasMessageContaining("strings only");
    assertThatThrownBy(
            () ->
                new PropertySchema(
                    "n",
                    PropertySchema.Type.NUMBER,
                    false,
                    List.of(),
                    BigDecimal.TEN,
                    BigDecimal.ONE))
        .hasMessageContaining("above max");
    assertThatThrownBy(
            () ->
                new PropertySchema(
                    "s", PropertySchema.Type.STRING, false, List.of("a\nb"), null, null))
        .hasMessageContaining("line breaks");
    PropertySchema p =
        new PropertySchema("p", PropertySchema.Type.BOOLEAN, false, List.of(), null, null);
    assertThatThrownBy(
            () ->
                new EventDefinition(
                    "s1",
                    "e",
                    "",
                    "",
                    List.of(),
                    EventDefinition.Status.EXPECTED,
                    List.of(p, p),
                    Instant.EPOCH,
                    Instant.EPOCH))
        .hasMessageContaining("once");
  }
}
