package io.footfall.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.footfall.server.Footfall;
import io.footfall.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The first owner: through the setup token the server logs, or the command line. */
class SetupTest {
  @Test
  void createsTheFirstOwnerOnceWithTheLoggedSetupToken() {
    try (TestServer server = TestServer.start()) {
      String token = server.server().setupToken();
      assertThat(token).isNotEmpty();
      String body =
          "{\"token\":\"%s\",\"email\":\"owner@acme.example\",\"password\":\"a long enough passphrase\",\"organization\":\"Acme\"}";

      assertThat(server.post("/api/auth/setup", body.formatted("wrong"), Map.of()).status())
          .isEqualTo(401);
      TestServer.Response ok = server.post("/api/auth/setup", body.formatted(token), Map.of());
      assertThat(ok.status()).as(ok.body()).isEqualTo(201);
      String cookie = ok.header("Set-Cookie").split(";", 2)[0];
      assertThat(
              server
                  .get("/api/auth/me", Map.of("Cookie", cookie))
                  .json()
                  .at("/memberships/0/role")
                  .asText())
          .isEqualTo("owner");
      assertThat(server.post("/api/auth/setup", body.formatted(token), Map.of()).status())
          .isEqualTo(409);
    }
  }

  @Test
  void createsAnOwnerFromTheCommandLine(@TempDir Path dir) throws Exception {
    InputStream stdin = System.in;
    try {
      System.setIn(
          new ByteArrayInputStream("a long enough passphrase\n".getBytes(StandardCharsets.UTF_8)));
      int exit =
          new CommandLine(new Footfall())
              .execute(
                  "admin",
                  "create-owner",
                  "--email",
                  "cli@acme.example",
                  "--organization",
                  "Acme",
                  "--data-dir",
                  dir.toString());
      assertThat(exit).isZero();
      assertThat(Files.exists(dir.resolve("footfall.duckdb"))).isTrue();

      System.setIn(new ByteArrayInputStream(new byte[0]));
      int noPassword =
          new CommandLine(new Footfall())
              .execute(
                  "admin",
                  "create-owner",
                  "--email",
                  "x@acme.example",
                  "--data-dir",
                  dir.toString());
      assertThat(noPassword).as("no password on stdin").isEqualTo(2);
    } finally {
      System.setIn(stdin);
    }
  }
}
