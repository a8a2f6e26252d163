package io.footfall.core.query;

import io.footfall.core.Event;
import io.footfall.core.Goal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Whether one event matches a list of filters, in plain Java, as the report oracle matches an
 * {@code event:} filter (sharing its path globs and property reading, never the SQL): for the
 * oracles of the people reports, whose steps are such filters. Only filters one event decides.
 */
public final class EventFilterOracle {
  private EventFilterOracle() {}

  /** Whether every filter holds for the event. */
  public static boolean matches(Event e, List<Filter> filters, List<Goal> goals) {
    Map<String, ReportOracle.PropertyValue> properties = null;
    for (Filter f : filters) {
      if ((f.wholeVisits() && f.dimension().kind().level() == Dimension.Level.EVENT)
          || f.dimension().kind() == Dimension.Kind.ENTRY_PAGE
          || f.dimension().kind() == Dimension.Kind.EXIT_PAGE
          || f.dimension().kind().level() == Dimension.Level.TIME) {
        throw new IllegalArgumentException(f + " is not a condition on one event");
      }
      if (properties == null && f.dimension().kind() == Dimension.Kind.PROPERTY) {
        properties = ReportOracle.properties(e.propertiesJson());
      }
      List<String> values = values(e, f.dimension(), goals, properties);
      boolean hit = false;
      for (String v : values) {
        for (String w : f.values()) {
          hit |=
              switch (f.op().positive()) {
                case IS -> v.equals(w);
                case CONTAINS -> v.contains(w);
                case MATCHES -> Pattern.compile(w).matcher(v).find();
                default -> throw new AssertionError();
              };
        }
      }
      if (hit == f.op().negated()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The value of a dimension with one value per event (no goals, entry or exit pages, time
   * buckets), {@code (none)} when absent, as a breakdown shows it.
   */
  public static String value(Event e, Dimension d) {
    if (d.kind() == Dimension.Kind.GOAL) {
      throw new IllegalArgumentException("an event may complete several goals");
    }
    Map<String, ReportOracle.PropertyValue> properties =
        d.kind() == Dimension.Kind.PROPERTY ? ReportOracle.properties(e.propertiesJson()) : null;
    return values(e, d, List.of(), properties).getFirst();
  }

  private static List<String> values(
      Event e, Dimension d, List<Goal> goals, Map<String, ReportOracle.PropertyValue> properties) {
    Event.Page p = e.page();
    Event.Client c = e.client();
    return switch (d.kind()) {
      case GOAL -> {
        List<String> names = new ArrayList<>();
        for (Goal g : goals) {
          if (completes(g, e)) {
            names.add(g.name());
          }
        }
        yield names;
      }
      case PROPERTY -> {
        ReportOracle.PropertyValue v = properties.get(d.property());
        yield List.of(v == null ? Filter.NONE : orNone(v.text()));
      }
      case PAGE -> List.of(orNone(p.pathname()));
      case HOSTNAME -> List.of(orNone(p.hostname()));
      case NAME -> List.of(e.name());
      case SOURCE -> List.of(orNone(p.source()));
      case REFERRER -> List.of(orNone(p.referrer()));
      case MEDIUM -> List.of(orNone(p.medium()));
      case UTM_SOURCE -> List.of(orNone(p.utm().source()));
      case UTM_MEDIUM -> List.of(orNone(p.utm().medium()));
      case UTM_CAMPAIGN -> List.of(orNone(p.utm().campaign()));
      case UTM_TERM -> List.of(orNone(p.utm().term()));
      case UTM_CONTENT -> List.of(orNone(p.utm().content()));
      case COUNTRY -> List.of(orNone(c.country()));
      case REGION -> List.of(orNone(c.region()));
      case CITY -> List.of(orNone(c.city()));
      case BROWSER -> List.of(orNone(c.browser()));
      case BROWSER_VERSION -> List.of(orNone(c.browserVersion()));
      case OS -> List.of(orNone(c.os()));
      case OS_VERSION -> List.of(orNone(c.osVersion()));
      case DEVICE -> List.of(orNone(c.device()));
      case SCREEN -> List.of(orNone(c.screen()));
      default -> throw new IllegalArgumentException(d.kind() + " is not a condition on one event");
    };
  }

  private static boolean completes(Goal goal, Event e) {
    return switch (goal.kind()) {
      case PAGEVIEW ->
          e.name().equals(Event.PAGEVIEW)
              && ReportOracle.glob(goal.pathPattern(), 0, e.page().pathname(), 0);
      case EVENT -> {
        if (!e.name().equals(goal.eventName())) {
          yield false;
        }
        if (goal.propertyKey().isEmpty()) {
          yield true;
        }
        ReportOracle.PropertyValue v =
            ReportOracle.properties(e.propertiesJson()).get(goal.propertyKey());
        yield v != null && v.text().equals(goal.propertyValue());
      }
    };
  }

  private static String orNone(String value) {
    return value.isEmpty() ? Filter.NONE : value;
  }
}
