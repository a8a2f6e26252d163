package io.footfall.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.server.net.Cidr;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FootfallConfigTest {
  @Test
  void usesTheDocumentedDefaults() {
    FootfallConfig c = FootfallConfig.fromEnvironment(Map.of());
    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.http().host()).isEqualTo("0.0.0.0");
    assertThat(c.stores().dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.access().adminToken()).isEmpty();
    assertThat(c.net().trustedProxies()).isEmpty();
    assertThat(c.ingest().limits().maxBatchEvents()).isEqualTo(500);
    assertThat(c.ingest().limits().maxRequestBytes()).isEqualTo(1_048_576);
    assertThat(c.ingest().limits().maxEventBytes()).isEqualTo(32_768);
    assertThat(c.ingest().limits().maxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(c.ingest().sessionTimeout()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void readsEveryVariable() {
    FootfallConfig c =
        FootfallConfig.fromEnvironment(
            Map.of(
                "FOOTFALL_PORT", "9000",
                "FOOTFALL_DATA_DIR", "/var/lib/footfall",
                "FOOTFALL_ADMIN_TOKEN", "0123456789abcdef",
                "FOOTFALL_TRUSTED_PROXIES", "127.0.0.1/32, 10.0.0.0/8",
                "FOOTFALL_MAX_BATCH_EVENTS", "100",
                "FOOTFALL_MAX_EVENT_AGE", "2d",
                "FOOTFALL_SESSION_TIMEOUT", "PT15M"));
    assertThat(c.http().port()).isEqualTo(9000);
    assertThat(c.stores().dataDir()).isEqualTo(Path.of("/var/lib/footfall"));
    assertThat(c.net().trustedProxies())
        .containsExactly(Cidr.parse("127.0.0.1/32"), Cidr.parse("10.0.0.0/8"));
    assertThat(c.ingest().limits().maxBatchEvents()).isEqualTo(100);
    assertThat(c.ingest().limits().maxAge()).isEqualTo(Duration.ofDays(2));
    assertThat(c.ingest().sessionTimeout()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void namesTheVariableThatDoesNotParse() {
    assertThatThrownBy(() -> FootfallConfig.fromEnvironment(Map.of("FOOTFALL_PORT", "eighty")))
        .hasMessageContaining("FOOTFALL_PORT");
    assertThatThrownBy(
            () -> FootfallConfig.fromEnvironment(Map.of("FOOTFALL_TRUSTED_PROXIES", "10.0.0.0/99")))
        .hasMessageContaining("FOOTFALL_TRUSTED_PROXIES");
    assertThatThrownBy(
            () -> FootfallConfig.fromEnvironment(Map.of("FOOTFALL_MAX_EVENT_AGE", "a week")))
        .hasMessageContaining("FOOTFALL_MAX_EVENT_AGE");
    assertThatThrownBy(
            () -> FootfallConfig.fromEnvironment(Map.of("FOOTFALL_ADMIN_TOKEN", "short")))
        .hasMessageContaining("at least 16 characters");
  }

  @Test
  void rejectsAQueueSmallerThanOneBatch() {
    assertThatThrownBy(
            () ->
                FootfallConfig.fromEnvironment(
                    Map.of("FOOTFALL_QUEUE_CAPACITY", "10", "FOOTFALL_MAX_BATCH_EVENTS", "500")))
        .hasMessageContaining("must hold at least one full batch");
  }
}
