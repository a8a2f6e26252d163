package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.EmailReport;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestEvents;
import io.footfall.core.TestTenants;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ReportSchedules}: schedules are stored field for field and scoped by
 * organization and site; deliveries are recorded per period and forgotten when the schedule moves
 * on. Every metadata backend runs it through {@link MetadataStoreContract}.
 */
public abstract class ReportSchedulesContract extends MetadataContract {
  @Test
  void storesEmailReportsFieldForFieldOldestFirstAndScopedByOrganization() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store.sites().create(TestEvents.site(A, "s2", "wk_2"));
    EmailReport monthly =
        new EmailReport(
            "r_m",
            "s1",
            EmailReport.Frequency.MONTHLY,
            List.of("ada@example.org", "bob@example.org"),
            LocalDate.of(2026, 2, 1),
            T0.plusSeconds(5).plusNanos(123_000));
    EmailReport week = TestTenants.weeklyReport("s1", "r_w", List.of("ada@example.org"), T0);
    store.reportSchedules().create(monthly);
    store.reportSchedules().create(week);

    assertThat(store.reportSchedules().list(A, "s1")).containsExactly(week, monthly);
    assertThat(store.reportSchedules().find(A, "s1", "r_m")).contains(monthly);
    assertThat(store.reportSchedules().find(A, "s2", "r_m")).as("another site").isEmpty();
    assertThat(store.reportSchedules().find(B, "s1", "r_m")).as("another organization").isEmpty();
    assertThat(store.reportSchedules().list(B, "s1")).isEmpty();
    assertThat(store.reportSchedules().delete(B, "s1", "r_m")).isFalse();
    assertThat(store.reportSchedules().all()).containsExactly(week, monthly);
    assertThatThrownBy(
            () ->
                store
                    .reportSchedules()
                    .create(TestTenants.weeklyReport("s2", "r_w", List.of("x@y.org"), T0)))
        .isInstanceOf(StoreConflictException.class);
    assertThatThrownBy(
            () ->
                store
                    .reportSchedules()
                    .create(TestTenants.weeklyReport("s_none", "r_x", List.of("x@y.org"), T0)))
        .isInstanceOf(StoreConflictException.class);

    assertThat(store.reportSchedules().delete(A, "s1", "r_m")).isTrue();
    assertThat(store.reportSchedules().delete(A, "s1", "r_m")).isFalse();
    assertThat(store.reportSchedules().list(A, "s1")).containsExactly(week);
  }

  @Test
  void recordsDeliveriesPerPeriodAndAdvancesOnlyFromTheExpectedPeriod() {
    twoOrganizations();
    store.sites().create(TestEvents.site(A, "s1", "wk_1"));
    store
        .reportSchedules()
        .create(
            TestTenants.weeklyReport(
                "s1", "r_w", List.of("ada@example.org", "bob@example.org"), T0));
    LocalDate first = LocalDate.of(2026, 3, 2);
    LocalDate second = LocalDate.of(2026, 3, 9);

    assertThat(store.reportSchedules().deliveries("r_w", first)).isEmpty();
    assertThat(store.reportSchedules().recordDelivery("r_w", first, "ada@example.org", T0))
        .isTrue();
    assertThat(store.reportSchedules().recordDelivery("r_w", first, "ada@example.org", T0))
        .as("recorded once")
        .isFalse();
    assertThat(store.reportSchedules().deliveries("r_w", first)).containsExactly("ada@example.org");
    assertThat(store.reportSchedules().deliveries("r_w", second)).isEmpty();

    assertThat(store.reportSchedules().advance("r_w", second, second.plusWeeks(1)))
        .as("not at that period")
        .isFalse();
    assertThat(store.reportSchedules().advance("r_w", first, second)).isTrue();
    assertThat(store.reportSchedules().advance("r_w", first, second)).as("moved already").isFalse();
    assertThat(store.reportSchedules().find(A, "s1", "r_w").orElseThrow().nextPeriod())
        .isEqualTo(second);
    assertThat(store.reportSchedules().deliveries("r_w", first))
        .as("forgotten once passed")
        .isEmpty();
    assertThat(store.reportSchedules().advance("r_none", first, second)).isFalse();

    store.reportSchedules().recordDelivery("r_w", second, "bob@example.org", T0);
    assertThat(store.reportSchedules().delete(A, "s1", "r_w")).isTrue();
    assertThat(store.reportSchedules().deliveries("r_w", second))
        .as("deleted with the report")
        .isEmpty();
  }
}
