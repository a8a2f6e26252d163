package io.footfall.server.export;

import io.footfall.server.access.Principals;
import io.footfall.server.query.QueryRoutes;
import io.footfall.server.query.StatsRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The exports under {@code /api/export/*} (same parameters, authentication and checks as {@code
 * /api/stats/*}). Handlers only translate HTTP; {@link ExportService} checks every permission.
 */
public final class ExportRoutes {
  private final ExportService exports;

  public ExportRoutes(ExportService exports) {
    this.exports = exports;
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
}
