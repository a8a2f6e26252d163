package io.footfall.core.query;

import io.footfall.core.Goal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One condition of a query; a query's filters all hold at once (AND).
 *
 * <p>Event-level dimensions can be filtered two ways. {@code event:page is /pricing} keeps the
 * events on /pricing: pageviews count views of /pricing, visitors count those who viewed it. {@code
 * visit:page is /pricing} keeps whole visits that included a view of /pricing: pageviews then count
 * every page those visits viewed. Visit-level dimensions ({@code visit:source}, ...) are the same
 * on every event of a visit, so both readings agree. A negated operator at visit level keeps the
 * visits that had no matching event at all.
 *
 * @param op the comparison
 * @param dimension what is compared
 * @param wholeVisits whether the filter keeps whole visits with a matching event ({@code visit:}
 *     prefix) rather than only the matching events
 * @param values the values compared against: any of them matches; {@code (none)} stands for an
 *     absent value
 */
public record Filter(Op op, Dimension dimension, boolean wholeVisits, List<String> values) {

  /** The most values one filter may list. */
  public static final int MAX_VALUES = 100;

  /** The most characters of one value. */
  public static final int MAX_VALUE_LENGTH = 2000;

  /** How a value stands for an absent one, in filters and in results. */
  public static final String NONE = "(none)";

  /** Comparisons. Every operator matches when any of the values matches. */
  public enum Op {
    IS("is", false),
    IS_NOT("is_not", true),
    CONTAINS("contains", false),
    DOES_NOT_CONTAIN("does_not_contain", true),
    MATCHES("matches", false),
    DOES_NOT_MATCH("does_not_match", true);

    private final String apiName;
    private final boolean negated;

    Op(String apiName, boolean negated) {
      this.apiName = apiName;
      this.negated = negated;
    }

    public String apiName() {
      return apiName;
    }

    /** Whether the operator keeps what does not match. */
    public boolean negated() {
      return negated;
    }

    /** The operator without its negation: {@code is} for {@code is_not}. */
    public Op positive() {
      return switch (this) {
        case IS_NOT -> IS;
        case DOES_NOT_CONTAIN -> CONTAINS;
        case DOES_NOT_MATCH -> MATCHES;
        default -> this;
      };
    }

    /**
     * The operator an API name stands for; {@code in} is {@code is} (which already takes a list),
     * {@code contains_not} and {@code matches_not} are Plausible's names of the negations.
     */
    public static Optional<Op> byApiName(String name) {
      return switch (name) {
        case "in" -> Optional.of(IS);
        case "contains_not" -> Optional.of(DOES_NOT_CONTAIN);
        case "matches_not" -> Optional.of(DOES_NOT_MATCH);
        default -> Arrays.stream(values()).filter(o -> o.apiName.equals(name)).findFirst();
      };
    }
  }

  public Filter {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(dimension, "dimension");
    values = List.copyOf(values);
    if (values.isEmpty() || values.size() > MAX_VALUES) {
      throw new IllegalArgumentException("a filter takes 1 to " + MAX_VALUES + " values");
    }
    if (dimension.isTime()) {
      throw new IllegalArgumentException("time is filtered by the date range, not by a filter");
    }
    if (dimension.kind().level() == Dimension.Level.VISIT) {
      wholeVisits = true;
    }
  }

  /** The filter's dimension as the API names it, with the prefix that says its level. */
  public String dimensionApiName() {
    String name = dimension.apiName();
    return wholeVisits && name.startsWith("event:") ? "visit:" + name.substring(6) : name;
  }

  /**
   * The goals whose names this goal filter's operator and values match (negated operators: those
   * its positive form matches), in the order of {@code goals}.
   */
  public List<Goal> goalsNamed(List<Goal> goals) {
    Op positive = op.positive();
    List<Goal> out = new ArrayList<>();
    for (Goal g : goals) {
      for (String v : values) {
        boolean hit =
            switch (positive) {
              case IS -> g.name().equals(v);
              case CONTAINS -> g.name().contains(v);
              case MATCHES -> Pattern.compile(v).matcher(g.name()).find();
              default -> throw new IllegalStateException(positive.toString());
            };
        if (hit) {
          out.add(g);
          break;
        }
      }
    }
    return out;
  }
}
