package io.footfall.server.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.EmailReport;
import io.footfall.server.admin.TenancyService;
import io.footfall.server.query.QueryRoutes;
import io.footfall.server.query.StatsRequest;
import io.footfall.server.web.JsonBodies;
import io.footfall.server.web.Principals;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The exports under {@code /api/export/*} (same parameters, authentication and checks as {@code
 * /api/stats/*}) and a site's email report schedules under {@code
 * /api/admin/sites/{id}/email-reports}. Handlers only translate HTTP; {@link ExportService} and
 * {@link EmailReports} check every permission.
 */
public final class ExportRoutes {
  private final ExportService exports;
  private final EmailReports reports;
  private final ObjectMapper json = new ObjectMapper();

  public ExportRoutes(ExportService exports, EmailReports reports) {
    this.exports = exports;
    this.reports = reports;
  }

  public void register(RoutesConfig routes) {
    routes.get(
        "/api/export/breakdown.csv",
        ctx -> send(ctx, exports.breakdownCsv(Principals.of(ctx), request(ctx))));
    routes.get(
        "/api/export/timeseries.csv",
        ctx -> send(ctx, exports.timeseriesCsv(Principals.of(ctx), request(ctx))));
    routes.get(
        "/api/export/view.zip",
        ctx -> send(ctx, exports.viewZip(Principals.of(ctx), request(ctx))));
    routes.get(
        "/api/export/report.pdf",
        ctx -> send(ctx, exports.reportPdf(Principals.of(ctx), request(ctx))));
    routes.get(
        "/api/admin/sites/{id}/email-reports",
        ctx -> {
          ArrayNode list = json.createArrayNode();
          reports
              .list(Principals.of(ctx), ctx.pathParam("id"))
              .forEach(r -> list.add(reportJson(r)));
          JsonBodies.send(ctx, 200, list);
        });
    routes.post("/api/admin/sites/{id}/email-reports", this::create);
    routes.delete(
        "/api/admin/sites/{id}/email-reports/{report}",
        ctx -> {
          reports.delete(origin(ctx), ctx.pathParam("id"), ctx.pathParam("report"));
          ctx.status(204);
        });
  }

  private static StatsRequest request(Context ctx) {
    return QueryRoutes.request(ctx, StatsRequest.Shape.AGGREGATE);
  }

  private static void send(Context ctx, ExportService.File file) {
    ctx.status(200)
        .contentType(file.contentType())
        .header("Content-Disposition", "attachment; filename=\"" + file.name() + "\"")
        .header("Cache-Control", "private, no-store")
        .header("X-Content-Type-Options", "nosniff")
        .result(file.content());
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
            origin(ctx),
            ctx.pathParam("id"),
            new EmailReports.Request(JsonBodies.text(body, "frequency"), recipients));
    JsonBodies.send(ctx, 201, reportJson(created));
  }

  private static TenancyService.Origin origin(Context ctx) {
    return new TenancyService.Origin(Principals.of(ctx), ctx.ip());
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
