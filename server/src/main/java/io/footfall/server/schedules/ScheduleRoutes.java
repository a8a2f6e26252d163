package io.footfall.server.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.EmailReport;
import io.footfall.server.access.Principals;
import io.footfall.server.export.ExportException;
import io.footfall.server.http.JsonBodies;
import io.footfall.server.tenancy.TenancyService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A site's email report schedules under {@code /api/admin/sites/{id}/email-reports}. Handlers only
 * translate HTTP; {@link EmailReports} checks every permission.
 */
public final class ScheduleRoutes {
  private final EmailReports reports;
  private final ObjectMapper json = new ObjectMapper();

  public ScheduleRoutes(EmailReports reports) {
    this.reports = reports;
  }

  public void register(RoutesConfig routes) {
    routes.get(
        "/api/admin/sites/{id}/email-reports",
        ctx ->
            JsonBodies.sendArray(
                ctx, reports.list(Principals.of(ctx), ctx.pathParam("id")), this::reportJson));
    routes.post("/api/admin/sites/{id}/email-reports", this::create);
    routes.delete(
        "/api/admin/sites/{id}/email-reports/{report}",
        ctx -> {
          reports.delete(
              TenancyService.Origin.of(ctx), ctx.pathParam("id"), ctx.pathParam("report"));
          ctx.status(204);
        });
  }

  private void create(Context ctx) throws IOException {
    JsonNode body = JsonBodies.read(ctx);
    JsonNode to = body.get("recipients");
    List<String> recipients = new ArrayList<>();
    if (to != null && !to.isNull()) {
      if (!to.isArray()) {
        throw ExportException.invalid("recipients", "recipients must be a list of email addresses");
      }
      for (int i = 0; i < to.size(); i++) {
        if (!to.get(i).isTextual()) {
          throw ExportException.invalid(
              "recipients[" + i + "]", "recipients[" + i + "] must be a string");
        }
        recipients.add(to.get(i).textValue());
      }
    }
    EmailReport created =
        reports.create(
            TenancyService.Origin.of(ctx),
            ctx.pathParam("id"),
            new EmailReports.Request(JsonBodies.text(body, "frequency"), recipients));
    JsonBodies.send(ctx, 201, reportJson(created));
  }

  private ObjectNode reportJson(EmailReport r) {
    ObjectNode n = json.createObjectNode();
    n.put("id", r.id());
    n.put("site_id", r.siteId());
    n.put("frequency", EmailReports.name(r.frequency()));
    ArrayNode to = n.putArray("recipients");
    r.recipients().forEach(to::add);
    ObjectNode next = n.putObject("next_period");
    next.put("first_day", r.nextPeriod().toString());
    next.put("last_day", r.frequency().periodEnd(r.nextPeriod()).minusDays(1).toString());
    reports
        .nextSendAt(r)
        .ifPresent(at -> n.put("next_send_after", DateTimeFormatter.ISO_INSTANT.format(at)));
    n.put("created_at", r.createdAt().toString());
    return n;
  }
}
