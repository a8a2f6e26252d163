package io.footfall.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmailReportTest {
  static final Instant T = Instant.parse("2026-03-04T10:00:00Z");

  @Test
  void periodsAreMondayToSundayWeeksAndCalendarMonths() {
    LocalDate sunday = LocalDate.of(2026, 3, 8);
    assertThat(EmailReport.Frequency.WEEKLY.periodStart(sunday))
        .isEqualTo(LocalDate.of(2026, 3, 2));
    assertThat(EmailReport.Frequency.WEEKLY.periodStart(LocalDate.of(2026, 3, 9)))
        .isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(EmailReport.Frequency.WEEKLY.periodEnd(LocalDate.of(2026, 3, 2)))
        .isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(EmailReport.Frequency.MONTHLY.periodStart(LocalDate.of(2026, 2, 28)))
        .isEqualTo(LocalDate.of(2026, 2, 1));
    assertThat(EmailReport.Frequency.MONTHLY.periodEnd(LocalDate.of(2026, 2, 1)))
        .isEqualTo(LocalDate.of(2026, 3, 1));
  }

  @Test
  void rejectsAPeriodThatDoesNotStartOneAndBadRecipients() {
    List<String> one = List.of("ada@example.org");
    assertThatThrownBy(
            () ->
                new EmailReport(
                    "r", "s", EmailReport.Frequency.WEEKLY, one, LocalDate.of(2026, 3, 3), T))
        .hasMessageContaining("weekly period");
    assertThatThrownBy(
            () ->
                new EmailReport(
                    "r", "s", EmailReport.Frequency.MONTHLY, one, LocalDate.of(2026, 3, 2), T))
        .hasMessageContaining("monthly period");
    for (List<String> bad :
        List.of(
            List.<String>of(),
            List.of("a@b.org", "a@b.org"),
            List.of("Ada@example.org"),
            List.of("a,b@example.org"),
            List.of("no-at.example.org"))) {
      assertThatThrownBy(
              () ->
                  new EmailReport(
                      "r", "s", EmailReport.Frequency.WEEKLY, bad, LocalDate.of(2026, 3, 2), T))
          .as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
