package io.footfall.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.TestServer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Regression: {@code /metrics} answered anyone; it now needs a scrape or installation token. */
class MetricsEndpointTest {

  private static String randomToken() {
    byte[] b = new byte[20];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Test
  void metricsNeedTheScrapeTokenOrTheInstallationToken() {
    String scrape = randomToken();
    try (TestServer server = TestServer.start(b -> b.metricsToken(scrape))) {
      TestServer.Response anonymous = server.get("/metrics", Map.of());
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(anonymous.json().get("error").get("code").asText()).isEqualTo("unauthenticated");
      assertThat(anonymous.body()).doesNotContain("footfall_ingest");

      TestServer.Response wrong =
          server.get("/metrics", Map.of("Authorization", "Bearer " + randomToken()));
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.body()).doesNotContain("footfall_ingest");

      TestServer.Response scraper =
          server.get("/metrics", Map.of("Authorization", "Bearer " + scrape));
      assertThat(scraper.status()).isEqualTo(200);
      assertThat(scraper.header("Content-Type")).startsWith("text/plain");
      assertThat(scraper.body()).contains("footfall_ingest_events");

      TestServer.Response installation =
          server.get("/metrics", Map.of("Authorization", "Bearer " + server.adminToken()));
      assertThat(installation.status()).isEqualTo(200);
      assertThat(installation.body()).contains("footfall_ingest_events");

      assertThat(server.get("/healthz", Map.of()).status()).isEqualTo(200);
      assertThat(server.get("/readyz", Map.of()).status()).isEqualTo(200);
    }
  }

  @Test
  void metricsAreOffWithoutAnyToken() {
    try (TestServer server = TestServer.start(b -> b.adminToken("").metricsToken(""))) {
      TestServer.Response r = server.get("/metrics", Map.of("Authorization", "Bearer anything"));
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.json().get("error").get("code").asText()).isEqualTo("metrics_disabled");
      assertThat(r.json().get("error").get("message").asText()).contains("FOOTFALL_METRICS_TOKEN");
      assertThat(server.get("/healthz", Map.of()).status()).isEqualTo(200);
    }
  }

  @Test
  void aShortScrapeTokenIsRefusedAtStart() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                io.footfall.server.FootfallConfig.fromEnvironment(
                    Map.of("FOOTFALL_METRICS_TOKEN", "short")))
        .hasMessageContaining("FOOTFALL_METRICS_TOKEN")
        .hasMessageContaining("16");
  }
}
