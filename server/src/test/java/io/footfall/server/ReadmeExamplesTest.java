package io.footfall.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.Event;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's {@code curl} examples exactly as printed, with the machine's bash and curl,
 * against a real server: only the placeholders ({@code http://localhost:8080}, {@code s_…}, {@code
 * wk_…}, {@code sk_…}) are replaced with real values, and {@code $FOOTFALL_ADMIN_TOKEN} comes from
 * the environment as the README says. Regression (issue 14, item 16): the server-side example
 * stored nothing, because curl's user agent was taken for a bot.
 */
class ReadmeExamplesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern SHELL_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

  static TestServer server;
  static List<String> blocks;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    blocks = shellBlocks(Files.readString(readme(), StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theReadmesSiteServerEventAndCountsExamplesWorkAsPrinted() throws Exception {
    String create = block("-X POST http://localhost:8080/api/admin/sites ");
    JsonNode site = JSON.readTree(run(create, Map.of()));
    assertThat(site.get("secret_key").asText()).startsWith("sk_");
    Map<String, String> values =
        Map.of(
            "s_…", site.get("id").asText(),
            "wk_…", site.get("write_key").asText(),
            "sk_…", site.get("secret_key").asText());

    String track = block("/api/track");
    JsonNode answer = JSON.readTree(run(track, values));
    assertThat(answer).isEqualTo(JSON.readTree(printedAnswer(track)));
    List<Event> stored = server.events(site.get("id").asText());
    assertThat(stored).hasSize(1);
    Event purchase = stored.get(0);
    assertThat(purchase.name()).isEqualTo("purchase");
    assertThat(purchase.revenue().amount()).isEqualByComparingTo(new BigDecimal("49.90"));
    assertThat(purchase.timestamp())
        .isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now());

    String counts = block("/counts");
    JsonNode c = JSON.readTree(run(counts, values));
    assertThat(c.get("events").asInt()).as(c.toString()).isEqualTo(1);
    assertThat(c.get("bots_filtered").asInt()).as(c.toString()).isZero();
  }

  /** The README: the working directory is the server module when Maven runs the tests. */
  static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md"))
          && Files.isDirectory(dir.resolve("server"))) {
        return dir.resolve("README.md");
      }
    }
    throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
  }

  static List<String> shellBlocks(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher m = SHELL_BLOCK.matcher(markdown);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The one curl example that contains {@code marker}. */
  static String block(String marker) {
    List<String> found =
        blocks.stream().filter(b -> b.contains("curl") && b.contains(marker)).toList();
    assertThat(found).as("README shell blocks with curl and '%s'", marker).hasSize(1);
    return found.get(0);
  }

  /** The answer the README prints after {@code # -> }, without a status in front. */
  static String printedAnswer(String block) {
    Matcher m = Pattern.compile("^# -> (?:\\d{3} )?(\\{.*})$", Pattern.MULTILINE).matcher(block);
    assertThat(m.find()).as("printed answer in %s", block).isTrue();
    return m.group(1);
  }

  /** Runs the block with bash, placeholders replaced; returns what it printed. */
  static String run(String block, Map<String, String> placeholders) throws Exception {
    String command = block.replace("http://localhost:8080", server.baseUrl());
    for (Map.Entry<String, String> p : placeholders.entrySet()) {
      command = command.replace(p.getKey(), p.getValue());
    }
    assertThat(command.lines().filter(l -> !l.startsWith("#")))
        .as("every placeholder replaced")
        .noneMatch(l -> l.contains("…"));
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).redirectErrorStream(false);
    pb.environment().put("FOOTFALL_ADMIN_TOKEN", server.adminToken());
    Process process = pb.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished: %s", command).isTrue();
    assertThat(process.exitValue()).as("exit status of %s (%s)", command, err).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
