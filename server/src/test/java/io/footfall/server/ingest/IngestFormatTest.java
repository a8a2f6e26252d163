package io.footfall.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.footfall.core.Event;
import io.footfall.server.TestServer;
import io.footfall.server.access.InstallationKey;
import io.footfall.server.enrich.GeoIp;
import io.footfall.server.enrich.SharedParsers;
import io.footfall.server.privacy.VisitorHasher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ingest formats: the pixel without JSON text, and a new format as one class. */
class IngestFormatTest {

  /** A body that fails the test if a format reads it. */
  static final InputStream UNREADABLE =
      new InputStream() {
        @Override
        public int read() {
          throw new AssertionError("the pixel format must not read the body");
        }

        @Override
        public int read(byte[] b, int off, int len) {
          throw new AssertionError("the pixel format must not read the body");
        }
      };

  @Test
  void pixelBuildsItsEventFromQueryParametersWithoutReadingABody() {
    IngestFormat.Request request =
        new IngestFormat.Request(
            UNREADABLE,
            -1,
            Map.of("x-footfall-site", "key-1"),
            Map.of(
                "e", List.of(" signup "),
                "u", List.of("https://shop.example/nojs?q=%22quoted%22"),
                "r", List.of("https://news.ycombinator.com/"),
                "t", List.of("Title \u2028 with \"quotes\""),
                "s", List.of("")));

    IngestFormat.Decoded decoded = new PixelFormat(IngestLimits.DEFAULTS).decode(request);

    assertThat(request.siteKey()).isEqualTo("key-1");
    assertThat(decoded.siteKey()).isEmpty();
    assertThat(decoded.batch()).isFalse();
    assertThat(decoded.items()).hasSize(1);
    assertThat(decoded.items().get(0).rejection()).isNull();
    IncomingEvent event = decoded.items().get(0).event();
    assertThat(event.name()).isEqualTo("signup");
    assertThat(event.url()).isEqualTo("https://shop.example/nojs?q=%22quoted%22");
    assertThat(event.referrer()).isEqualTo("https://news.ycombinator.com/");
    assertThat(event.title()).isEqualTo("Title \u2028 with \"quotes\"");
    assertThat(event.screen()).isEmpty();
  }

  @Test
  void pixelRejectsABadParameterByItsField() {
    IngestFormat.Request request =
        new IngestFormat.Request(UNREADABLE, -1, Map.of(), Map.of("u", List.of("x".repeat(5_000))));

    EventParser.Result result =
        new PixelFormat(IngestLimits.DEFAULTS).decode(request).items().get(0);

    assertThat(result.event()).isNull();
    assertThat(result.rejection().field()).startsWith("context.url");
  }

  /**
   * A format that exists only here: one page view per line of plain text ("name url"). That it
   * needs nothing but this class shows where a Segment- or PostHog-compatible endpoint would go.
   */
  static final class LinesFormat implements IngestFormat {
    private final EventParser parser = new EventParser(IngestLimits.DEFAULTS);

    @Override
    public Decoded decode(Request request) {
      String text;
      try {
        text = new String(request.body().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<EventParser.Result> items = new ArrayList<>();
      for (String line : text.strip().split("\n")) {
        String[] parts = line.strip().split(" ", 2);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("event", parts[0]);
        event.putObject("context").put("url", parts.length > 1 ? parts[1] : "");
        int index = items.size();
        items.add(parser.parse(index, "lines[" + index + "].", event));
      }
      return new Decoded("", items, true);
    }
  }

  @Test
  void aFormatOfOneClassGoesThroughTheWholeCollectPath() throws Exception {
    try (TestServer server = TestServer.start()) {
      TestServer.SiteKeys site = server.createSite("Shop", "shop.example", "Europe/Berlin");
      var app = server.server();
      Clock clock = Clock.systemUTC();
      try (IngestService service =
          IngestService.start(
              app.config().ingest(),
              app.store(),
              app.sites()::byWriteKey,
              new VisitorHasher(
                  app.metadata().sites(),
                  app.metadata().salts(),
                  clock,
                  InstallationKey.read(server.dataDir())),
              SharedParsers.userAgents(),
              SharedParsers.referrers(),
              GeoIp.open(Optional.empty()),
              clock,
              new SimpleMeterRegistry(),
              ids -> {},
              EventJudge.NONE)) {
        IngestFormat.Request request =
            new IngestFormat.Request(
                new ByteArrayInputStream(
                    ("pageview https://shop.example/a\nsignup https://shop.example/b\nbad "
                            + "https://shop.example/".repeat(200))
                        .getBytes(StandardCharsets.UTF_8)),
                -1,
                Map.of(),
                Map.of("site", List.of(site.writeKey())));
        EventPipeline.Sender sender =
            new EventPipeline.Sender(
                Optional.of(InetAddress.getByName("203.0.113.7")),
                IngestHttpTest.BROWSER,
                false,
                false,
                "",
                false,
                clock.instant());

        IngestService.Result result =
            service.ingest(new LinesFormat(), request, sender, (s, token) -> false);

        assertThat(result.accepted()).isEqualTo(2);
        assertThat(result.rejected()).hasSize(1);
        assertThat(result.rejected().get(0).field()).startsWith("lines[2].");
      }
      List<Event> stored = new ArrayList<>(server.events(site.id()));
      stored.sort(Comparator.comparing(e -> e.page().pathname()));
      assertThat(stored).extracting(Event::name).containsExactly("pageview", "signup");
      assertThat(stored).extracting(e -> e.page().pathname()).containsExactly("/a", "/b");
    }
  }
}
