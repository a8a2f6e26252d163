package io.footfall.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the server serves the dashboard: the shell, the app's own files, the WebJars, the budget. */
class DashboardAssetsTest {
  /** The page's own JS and CSS, gzipped, without the chart library. */
  static final int BUDGET_BYTES = 150 * 1024;

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void ownJavaScriptAndCssStayWithinTheBudgetGzipped() throws Exception {
    List<String> paths = new ArrayList<>();
    try (Stream<Path> files = Files.list(appDirectory())) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".js") || n.endsWith(".css"))
          .sorted()
          .forEach(n -> paths.add("/app/" + n));
    }
    assertThat(paths).contains("/app/main.js", "/app/app.css");
    String shell = server.get("/", Map.of()).body();
    // The component library is the page's own weight too; only uPlot is left out.
    Matcher imports = Pattern.compile("\"(/webjars/preact/[^\"]+)\"").matcher(shell);
    while (imports.find()) {
      paths.add(imports.group(1));
    }
    assertThat(paths).anyMatch(p -> p.contains("preact.module.js"));
    long total = 0;
    StringBuilder sizes = new StringBuilder();
    for (String path : paths) {
      TestServer.Response r = server.get(path, Map.of());
      assertThat(r.status()).as(path).isEqualTo(200);
      int gz = gzip(r.body().getBytes(StandardCharsets.UTF_8));
      total += gz;
      sizes.append(path).append(' ').append(gz).append('\n');
    }
    assertThat(total).as("gzipped bytes of\n" + sizes).isLessThanOrEqualTo(BUDGET_BYTES);
  }

  @Test
  void servesTheShellOnEveryPageOfTheAppWithItsSecurityHeaders() throws Exception {
    for (String page :
        List.of("/", "/login", "/setup", "/reset-password", "/compare", "/share", "/sites/s_x")) {
      TestServer.Response r = server.get(page, Map.of());
      assertThat(r.status()).as(page).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/html");
      assertThat(r.body()).contains("<script type=\"module\" src=\"/app/main.js\">");
    }
    TestServer.Response r = server.get("/sites/s_x/settings", Map.of());
    assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(r.body()).doesNotContain("{{");
    Matcher map =
        Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL)
            .matcher(r.body());
    assertThat(map.find()).isTrue();
    String hash =
        Base64.getEncoder()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(map.group(1).getBytes(StandardCharsets.UTF_8)));
    assertThat(r.header("Content-Security-Policy"))
        .contains("script-src 'self' 'sha256-" + hash + "'")
        .contains("frame-ancestors 'none'");
  }

  @Test
  void theShellPreloadsEveryModuleSoTheyLoadInOneWave() throws Exception {
    String shell = server.get("/", Map.of()).body();
    List<String> preloaded = new ArrayList<>();
    Matcher m = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">").matcher(shell);
    while (m.find()) {
      preloaded.add(m.group(1));
      assertThat(server.get(m.group(1), Map.of()).status()).as(m.group(1)).isEqualTo(200);
    }
    try (Stream<Path> files = Files.list(appDirectory())) {
      List<String> modules =
          files
              .map(p -> "/app/" + p.getFileName())
              .filter(
                  p -> p.endsWith(".js") && !p.equals("/app/main.js") && !p.equals("/app/boot.js"))
              .toList();
      assertThat(preloaded).containsAll(modules);
    }
    assertThat(shell)
        .as("boot.js starts the bootstrap requests before main.js, which needs every module")
        .containsSubsequence(
            "<script type=\"module\" src=\"/app/boot.js\">",
            "<script type=\"module\" src=\"/app/main.js\">");
    assertThat(preloaded)
        .anyMatch(p -> p.endsWith("/preact.module.js"))
        .anyMatch(p -> p.endsWith("/hooks.module.js"))
        .anyMatch(p -> p.endsWith("/uPlot.esm.js"));
  }

  @Test
  void webJarsAreCachedLongAndTheAppRevalidates() {
    String shell = server.get("/", Map.of()).body();
    Matcher uplot = Pattern.compile("\"(/webjars/uplot/[^\"]+\\.js)\"").matcher(shell);
    assertThat(uplot.find()).isTrue();
    TestServer.Response lib = server.get(uplot.group(1), Map.of());
    assertThat(lib.status()).isEqualTo(200);
    assertThat(lib.header("Cache-Control")).matches("max-age=\\d{7,}");
    TestServer.Response own = server.get("/app/main.js", Map.of());
    assertThat(own.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(own.header("Content-Type")).startsWith("text/javascript");
    TestServer.Response docs = server.get("/app/docs/metrics.md", Map.of());
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body()).contains("## Metrics");
  }

  @Test
  void appFilesAndWebJarsComeGzippedWithTheFilesBytes() throws Exception {
    String shell = server.get("/", Map.of()).body();
    Matcher uplot = Pattern.compile("\"(/webjars/uplot/[^\"]+\\.js)\"").matcher(shell);
    assertThat(uplot.find()).isTrue();
    byte[] mainJs = Files.readAllBytes(appDirectory().resolve("main.js"));
    for (int twice = 0; twice < 2; twice++) {
      TestServer.BinaryResponse own =
          server.getBytes("/app/main.js", Map.of("Accept-Encoding", "gzip"));
      assertThat(own.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(gunzip(own.body())).isEqualTo(mainJs);
      TestServer.BinaryResponse lib =
          server.getBytes(uplot.group(1), Map.of("Accept-Encoding", "gzip"));
      assertThat(lib.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(new String(gunzip(lib.body()), StandardCharsets.UTF_8)).contains("uPlot");
    }
    TestServer.BinaryResponse plain = server.getBytes("/app/main.js", Map.of());
    assertThat(plain.header("Content-Encoding")).isEmpty();
    assertThat(plain.body()).isEqualTo(mainJs);
  }

  @Test
  void unknownFilesAndApiPathsStayNotFound() {
    assertThat(server.get("/app/nope.js", Map.of()).status()).isEqualTo(404);
    TestServer.Response api = server.get("/api/nope", Map.of("Accept", "text/html"));
    assertThat(api.status()).isEqualTo(404);
    assertThat(api.body()).contains("\"not_found\"");
  }

  @Test
  void setupStateTellsWhetherTheFirstOwnerIsMissing() {
    assertThat(server.get("/api/auth/setup", Map.of()).body()).isEqualTo("{\"open\":true}");
  }

  private static Path appDirectory() throws URISyntaxException {
    return Path.of(DashboardRoutes.class.getResource(DashboardRoutes.ASSETS + "/main.js").toURI())
        .getParent();
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  private static int gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.size();
  }
}
