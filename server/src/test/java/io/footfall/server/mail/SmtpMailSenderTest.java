package io.footfall.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.footfall.core.MutableClock;
import io.footfall.server.access.Secrets;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpMailSenderTest {
  static final String LOGIN = "mailer";
  static final String PASSWORD = Secrets.token();

  // A real SMTP server on a free loopback port, emptied before each test.
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser(LOGIN, PASSWORD));

  MutableClock clock;
  String from;
  String to;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(Instant.parse("2026-03-15T09:26:53Z"));
    from = "footfall@" + randomLabel() + ".example";
    to = randomLabel() + "@customer.example";
  }

  static String randomLabel() {
    return Secrets.token().substring(0, 10).toLowerCase(Locale.ROOT);
  }

  SmtpSettings settings(String username, String password) {
    return new SmtpSettings(
        "127.0.0.1",
        SMTP.getSmtp().getPort(),
        username,
        password,
        from,
        false,
        Duration.ofSeconds(10));
  }

  MimeMessage onlyReceived() {
    assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  @Test
  void deliversAUtf8MailWithProperHeaders() throws Exception {
    String subject = "Passwort zurücksetzen ✓ " + randomLabel();
    String body = "Grüße aus Köln 👋\nCode: " + Secrets.token();

    new SmtpMailSender(settings("", ""), clock).send(new Mail(to, subject, body));

    MimeMessage message = onlyReceived();
    assertThat(message.getFrom()).containsExactly(new InternetAddress(from));
    assertThat(message.getRecipients(Message.RecipientType.TO))
        .containsExactly(new InternetAddress(to));
    assertThat(message.getSubject()).isEqualTo(subject);
    assertThat(message.getContentType())
        .containsIgnoringCase("text/plain")
        .containsIgnoringCase("utf-8");
    assertThat(normalizeNewlines((String) message.getContent())).isEqualTo(body);
    assertThat(message.getSentDate().toInstant())
        .isEqualTo(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    assertThat(message.getMessageID())
        .matches(
            "<[0-9A-Za-z]{32}@" + from.substring(from.indexOf('@') + 1).replace(".", "\\.") + ">");
  }

  @Test
  void datesTheMailByTheInjectedClock() throws Exception {
    clock.advance(Duration.ofDays(40).plusHours(3));

    new SmtpMailSender(settings("", ""), clock)
        .send(new Mail(to, "Weekly report", "See attached."));

    assertThat(onlyReceived().getSentDate().toInstant()).isEqualTo(clock.instant());
  }

  @Test
  void attachesFilesAfterTheText() throws Exception {
    byte[] pdf = new byte[12_345];
    ThreadLocalRandom.current().nextBytes(pdf);
    byte[] csv =
        ("day,visitors\n2026-03-14," + ThreadLocalRandom.current().nextInt(1000) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    String body = "Your report for " + randomLabel();
    Mail mail =
        new Mail(
            to,
            "Report",
            body,
            List.of(
                new Mail.Attachment("Bericht März.pdf", "application/pdf", pdf),
                new Mail.Attachment("visitors.csv", "text/csv", csv)));

    new SmtpMailSender(settings("", ""), clock).send(mail);

    MimeMessage message = onlyReceived();
    assertThat(message.getContentType()).startsWithIgnoringCase("multipart/mixed");
    Multipart parts = (Multipart) message.getContent();
    assertThat(parts.getCount()).isEqualTo(3);
    assertThat(normalizeNewlines((String) parts.getBodyPart(0).getContent())).isEqualTo(body);

    Part first = parts.getBodyPart(1);
    assertThat(first.getDisposition()).isEqualToIgnoringCase(Part.ATTACHMENT);
    assertThat(MimeUtility.decodeText(first.getFileName())).isEqualTo("Bericht März.pdf");
    assertThat(first.getContentType()).startsWithIgnoringCase("application/pdf");
    assertThat(first.getInputStream().readAllBytes()).isEqualTo(pdf);

    Part second = parts.getBodyPart(2);
    assertThat(second.getFileName()).isEqualTo("visitors.csv");
    assertThat(second.getContentType()).startsWithIgnoringCase("text/csv");
    assertThat(second.getInputStream().readAllBytes()).isEqualTo(csv);
  }

  @Test
  void logsInWhenAUsernameIsSet() throws Exception {
    new SmtpMailSender(settings(LOGIN, PASSWORD), clock).send(new Mail(to, "Hello", "Signed in."));

    assertThat(onlyReceived().getSubject()).isEqualTo("Hello");
  }

  @Test
  void reportsAWrongPasswordAsADeliveryFailure() {
    SmtpMailSender sender = new SmtpMailSender(settings(LOGIN, PASSWORD + "x"), clock);

    assertThatThrownBy(() -> sender.send(new Mail(to, "Hello", "Never arrives.")))
        .isInstanceOfSatisfying(
            MailDeliveryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.code()).isEqualTo("mail_unavailable");
              assertThat(e.getMessage()).contains("127.0.0.1:" + SMTP.getSmtp().getPort());
              assertThat(e.getMessage()).doesNotContain(PASSWORD);
            });
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void sendsNothingInTheClearWhenStartTlsIsRequired() {
    SmtpSettings plain = settings("", "");
    SmtpSettings tls =
        new SmtpSettings(plain.host(), plain.port(), "", "", from, true, plain.timeout());

    // GreenMail's plain SMTP server does not offer STARTTLS: the sender must stop there rather
    // than fall back to sending in the clear.
    assertThatThrownBy(() -> new SmtpMailSender(tls, clock).send(new Mail(to, "Secret", "x")))
        .isInstanceOf(MailDeliveryException.class)
        .hasMessageContaining("startTls=true")
        .hasMessageContaining("STARTTLS is required");
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void givesUpAfterTheTimeoutWhenTheServerNeverAnswers() throws IOException {
    // A socket that accepts connections in the kernel but never says hello.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SmtpSettings settings =
          new SmtpSettings(
              "127.0.0.1", silent.getLocalPort(), "", "", from, false, Duration.ofMillis(300));

      assertThatThrownBy(
              () -> new SmtpMailSender(settings, clock).send(new Mail(to, "Hello", "Lost.")))
          .isInstanceOf(MailDeliveryException.class)
          .hasMessageContaining("timeout=300 ms");
    }
  }

  @Test
  void settingsNeverShowThePassword() {
    String secret = Secrets.token();

    assertThat(settings(LOGIN, secret).toString()).doesNotContain(secret).contains("***");
  }

  @Test
  void rejectsSettingsThatCannotWork() {
    assertThatThrownBy(() -> new SmtpSettings("", 25, "", "", from, false, Duration.ofSeconds(5)))
        .hasMessageContaining("host");
    assertThatThrownBy(() -> new SmtpSettings("h", 0, "", "", from, false, Duration.ofSeconds(5)))
        .hasMessageContaining("got 0");
    assertThatThrownBy(
            () -> new SmtpSettings("h", 25, "", "pw", from, false, Duration.ofSeconds(5)))
        .hasMessageContaining("username is empty");
    assertThatThrownBy(
            () ->
                new SmtpSettings(
                    "h", 25, "", "", "Footfall <f@x.example>", false, Duration.ofSeconds(5)))
        .hasMessageContaining("Footfall <f@x.example>");
    assertThatThrownBy(() -> new SmtpSettings("h", 25, "", "", from, false, Duration.ZERO))
        .hasMessageContaining("PT0S");
  }

  @Test
  void rejectsMailsThatWouldBreakHeaders() {
    assertThatThrownBy(() -> new Mail("a@b.example, c@d.example", "s", "b"))
        .hasMessageContaining("one plain email address");
    assertThatThrownBy(() -> new Mail("a..b@example.org", "s", "b"))
        .hasMessageContaining("'a..b@example.org'");
    assertThatThrownBy(() -> new Mail(to, "line\r\nBcc: x@evil.example", "b"))
        .hasMessageContaining("one non-blank line");
    assertThatThrownBy(() -> new Mail(to, "s", "")).hasMessageContaining("got 0");
    assertThatThrownBy(() -> new Mail.Attachment("../etc/passwd", "text/plain", new byte[1]))
        .hasMessageContaining("'/'");
    assertThatThrownBy(() -> new Mail.Attachment("a.pdf", "pdf", new byte[1]))
        .hasMessageContaining("media type");
  }

  @Test
  void attachmentsAreImmutableValues() {
    byte[] bytes = {1, 2, 3};
    Mail.Attachment attachment = new Mail.Attachment("a.bin", "application/octet-stream", bytes);
    bytes[0] = 9;
    attachment.content()[1] = 9;

    assertThat(attachment.content()).containsExactly(1, 2, 3);
    assertThat(attachment)
        .isEqualTo(new Mail.Attachment("a.bin", "application/octet-stream", new byte[] {1, 2, 3}));
    assertThat(attachment.toString()).contains("3 bytes");
  }

  static String normalizeNewlines(String text) {
    return text.replace("\r\n", "\n");
  }
}
