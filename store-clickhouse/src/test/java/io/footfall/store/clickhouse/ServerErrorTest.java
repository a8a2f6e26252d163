package io.footfall.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerErrorTest {
  @Test
  void readsThe1816Form() {
    ServerError e =
        ServerError.parse(
            "Code: 60, e.displayText() = DB::Exception: Table default.x doesn't exist.,"
                + " e.what() = DB::Exception\n",
            Optional.empty());

    assertThat(e).isEqualTo(new ServerError(60, "Table default.x doesn't exist."));
  }

  @Test
  void readsTheFormWithAVersion() {
    ServerError e =
        ServerError.parse(
            "Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 1:"
                + " SELEC (version 20.3.5.21 (official build))",
            Optional.empty());

    assertThat(e).isEqualTo(new ServerError(62, "Syntax error: failed at position 1: SELEC"));
  }

  @Test
  void readsTheCurrentForm() {
    ServerError e =
        ServerError.parse(
            "Code: 62. DB::Exception: Syntax error: failed at position 1 (SELEC): SELEC."
                + " (SYNTAX_ERROR) (version 24.8.4.13 (official build))\n",
            Optional.of("62"));

    assertThat(e)
        .isEqualTo(
            new ServerError(
                62, "Syntax error: failed at position 1 (SELEC): SELEC. (SYNTAX_ERROR)"));
  }

  @Test
  void theHeaderCodeWins() {
    assertThat(ServerError.parse("", Optional.of("209")).code()).isEqualTo(209);
  }

  @Test
  void anAnswerWithoutACodeKeepsItsText() {
    assertThat(ServerError.parse("<html>Bad Gateway</html>", Optional.empty()))
        .isEqualTo(new ServerError(0, "<html>Bad Gateway</html>"));
  }
}
