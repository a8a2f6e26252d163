package io.footfall.server.goals;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footfall.core.Goal;
import io.footfall.core.Site;
import io.footfall.core.StoreConflictException;
import io.footfall.core.metadata.Goals;
import io.footfall.server.access.Permission;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Secrets;
import io.footfall.server.audit.Auditor;
import io.footfall.server.sites.AdminException;
import io.footfall.server.tenancy.TenancyService;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A site's goals: listed by anyone who may read the site's statistics (the dashboard, read keys and
 * shared links need them to show conversions), created and deleted by those who may manage the
 * site. Access is checked through {@link TenancyService#site}, so another tenant's site answers
 * 404, and every change is written to the audit log.
 *
 * <p>Requests name fields as the API does ({@code name}, {@code type}, {@code path}, {@code
 * event_name}, {@code property_key}, {@code property_value}); every refusal names one of them and
 * its limit before the {@link Goal} record, which checks the same rules, is built.
 */
public final class GoalService {
  /** The most goals one site may have. */
  public static final int MAX_GOALS_PER_SITE = 100;

  /** The longest goal name, as {@link Goal} allows. */
  static final int MAX_NAME_LENGTH = 120;

  /** The longest event name, as the collector and {@link Goal} allow. */
  static final int MAX_EVENT_NAME_LENGTH = 120;

  /** The longest path pattern, as {@link Goal} allows. */
  static final int MAX_PATH_LENGTH = 1000;

  /** The longest property value, as {@link Goal} allows. */
  static final int MAX_PROPERTY_VALUE_LENGTH = 500;

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern PATH = Pattern.compile("/[^\\s\\p{Cntrl}]{0,999}");
  private static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z0-9_.$-]{1,64}");

  private final Goals goals;
  private final TenancyService tenancy;
  private final Auditor audit;
  private final Clock clock;

  private final Cache<String, List<Goal>> forQueries =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(10)).build();

  public GoalService(Goals goals, TenancyService tenancy, Auditor audit, Clock clock) {
    this.goals = goals;
    this.tenancy = tenancy;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * The site's goals as every statistics query needs them, read once per site and kept for up to 10
   * seconds (as sites by write key are); a change through this service drops them at once, so only
   * another server sharing the metadata database can see them late, by at most that long.
   */
  public List<Goal> goalsOf(Site site) {
    return forQueries.get(site.id(), id -> goals.list(site.organizationId(), id));
  }

  /**
   * A goal as a request describes it, fields as sent (empty when absent).
   *
   * @param type {@code pageview} or {@code event}
   */
  public record Request(
      String name,
      String type,
      String path,
      String eventName,
      String propertyKey,
      String propertyValue) {}

  /** The site's goals, oldest first. Needs {@link Permission#READ_STATS} on the site. */
  public List<Goal> goals(Principal p, String siteId) {
    Site site = tenancy.site(p, siteId, Permission.READ_STATS);
    return goals.list(site.organizationId(), site.id());
  }

  /**
   * Creates a goal. Needs {@link Permission#MANAGE_SITE} on the site.
   *
   * @throws AdminException 400 naming the field at fault, 409 when the site already has a goal with
   *     the name or has {@value #MAX_GOALS_PER_SITE} goals
   */
  public Goal create(TenancyService.Origin o, String siteId, Request r) {
    Site site = tenancy.site(o.principal(), siteId, Permission.MANAGE_SITE);
    Goal goal = valid(site.id(), r);
    List<Goal> existing = goals.list(site.organizationId(), site.id());
    if (existing.size() >= MAX_GOALS_PER_SITE) {
      throw new AdminException(
          409,
          "limit_reached",
          "",
          "site '"
              + site.id()
              + "' has "
              + existing.size()
              + " goals, the most a site may have is "
              + MAX_GOALS_PER_SITE
              + "; delete one to add another");
    }
    if (existing.stream().anyMatch(g -> g.name().equals(goal.name()))) {
      throw duplicate(site, goal.name());
    }
    try {
      goals.create(goal);
    } catch (StoreConflictException e) {
      // Another request took the name between the check above and this write.
      throw duplicate(site, goal.name());
    } finally {
      forQueries.invalidate(site.id());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("site", site.id());
    details.put("name", goal.name());
    details.put("type", type(goal.kind()));
    audit.record(
        o.principal(), site.organizationId(), "goal.create", goal.id(), o.clientAddress(), details);
    return goal;
  }

  /**
   * Deletes a goal. Needs {@link Permission#MANAGE_SITE} on the site.
   *
   * @throws io.footfall.server.http.FootfallException 404 when the site has no goal with this id
   */
  public void delete(TenancyService.Origin o, String siteId, String goalId) {
    Site site = tenancy.site(o.principal(), siteId, Permission.MANAGE_SITE);
    Goal goal =
        goals
            .find(site.organizationId(), site.id(), goalId)
            .orElseThrow(() -> notFound(site, goalId));
    boolean deleted = goals.delete(site.organizationId(), site.id(), goalId);
    forQueries.invalidate(site.id());
    if (!deleted) {
      throw notFound(site, goalId);
    }
    audit.record(
        o.principal(),
        site.organizationId(),
        "goal.delete",
        goalId,
        o.clientAddress(),
        Map.of("site", site.id(), "name", goal.name()));
  }

  /** The API's name of a goal kind: {@code pageview} or {@code event}. */
  public static String type(Goal.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private Goal valid(String siteId, Request r) {
    String name = r.name().strip();
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || CONTROL.matcher(name).find()) {
      throw AdminException.invalid(
          "name",
          "name must be 1 to "
              + MAX_NAME_LENGTH
              + " characters without control characters, was "
              + name.length()
              + " characters");
    }
    Goal.Kind kind =
        switch (r.type().strip().toLowerCase(Locale.ROOT)) {
          case "pageview" -> Goal.Kind.PAGEVIEW;
          case "event" -> Goal.Kind.EVENT;
          case "" -> throw AdminException.invalid("type", "type is required: pageview or event");
          default ->
              throw AdminException.invalid(
                  "type", "type must be pageview or event, was '" + shorten(r.type()) + "'");
        };
    String path = r.path().strip();
    String eventName = r.eventName().strip();
    String key = r.propertyKey().strip();
    String value = r.propertyValue();
    if (kind == Goal.Kind.PAGEVIEW) {
      if (path.isEmpty()) {
        throw AdminException.invalid("path", "path is required for a pageview goal");
      }
      if (!PATH.matcher(path).matches()) {
        throw AdminException.invalid(
            "path",
            "path must start with '/', contain no spaces or control characters and be at most "
                + MAX_PATH_LENGTH
                + " characters, was '"
                + shorten(path)
                + "' ("
                + path.length()
                + " characters)");
      }
      for (String[] other :
          new String[][] {
            {"event_name", eventName}, {"property_key", key}, {"property_value", value}
          }) {
        if (!other[1].isEmpty()) {
          throw AdminException.invalid(
              other[0], "a pageview goal has no " + other[0] + "; use type event");
        }
      }
    } else {
      if (!path.isEmpty()) {
        throw AdminException.invalid("path", "an event goal has no path; use type pageview");
      }
      if (eventName.isEmpty()) {
        throw AdminException.invalid("event_name", "event_name is required for an event goal");
      }
      if (eventName.length() > MAX_EVENT_NAME_LENGTH || CONTROL.matcher(eventName).find()) {
        throw AdminException.invalid(
            "event_name",
            "event_name must be 1 to "
                + MAX_EVENT_NAME_LENGTH
                + " characters without control characters, was "
                + eventName.length()
                + " characters");
      }
      if (!key.isEmpty() && !PROPERTY_KEY.matcher(key).matches()) {
        throw AdminException.invalid(
            "property_key",
            "property_key must be 1 to 64 letters, digits, '_', '.', '$' or '-', was '"
                + shorten(key)
                + "'");
      }
      if (key.isEmpty() && !value.isEmpty()) {
        throw AdminException.invalid(
            "property_key", "property_key is required with property_value");
      }
      if (!key.isEmpty() && value.isEmpty()) {
        throw AdminException.invalid(
            "property_value", "property_value is required with property_key");
      }
      if (value.length() > MAX_PROPERTY_VALUE_LENGTH || CONTROL.matcher(value).find()) {
        throw AdminException.invalid(
            "property_value",
            "property_value must be at most "
                + MAX_PROPERTY_VALUE_LENGTH
                + " characters without control characters, was "
                + value.length()
                + " characters");
      }
    }
    return new Goal(
        "g_" + Secrets.token().substring(0, 12),
        siteId,
        name,
        kind,
        path,
        eventName,
        key,
        value,
        // The stores keep microseconds; truncating here makes what is returned equal what is read.
        clock.instant().truncatedTo(ChronoUnit.MICROS));
  }

  private static AdminException duplicate(Site site, String name) {
    return new AdminException(
        409,
        "conflict",
        "name",
        "site '" + site.id() + "' already has a goal named '" + name + "'");
  }

  private static AdminException notFound(Site site, String goalId) {
    return AdminException.notFound("goal '" + goalId + "' of site '" + site.id() + "'");
  }

  private static String shorten(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
