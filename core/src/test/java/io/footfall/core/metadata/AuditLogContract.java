package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.AuditEntry;
import io.footfall.core.StoreConflictException;
import io.footfall.core.TestTenants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AuditLog}: entries are listed newest first, paged without gaps or repeats,
 * and deleted by age. Every metadata backend runs it through {@link MetadataStoreContract}.
 */
public abstract class AuditLogContract extends MetadataContract {
  @Test
  void listsTheAuditLogNewestFirstAndPagesWithoutGapsOrRepeats() {
    twoOrganizations();
    List<AuditEntry> written = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // Three entries share each time, and ids run in another order than time (7 is coprime to
      // 23, so the ids are a permutation), so both the time order and the tie-break by id count.
      Instant at = T0.plusSeconds(i / 3).plusNanos(1_000L * (i / 3));
      AuditEntry e = TestTenants.audit(A, String.format("au_%03d", (i * 7) % 23), at);
      written.add(e);
      store.auditLog().append(e);
      store.auditLog().append(TestTenants.audit(B, String.format("bu_%03d", i), at));
    }
    List<AuditEntry> newestFirst =
        written.stream()
            .sorted(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id).reversed())
            .toList();

    assertThat(store.auditLog().latest(A, 5)).containsExactlyElementsOf(newestFirst.subList(0, 5));

    List<AuditEntry> paged = new ArrayList<>(store.auditLog().latest(A, 4));
    while (true) {
      List<AuditEntry> page = store.auditLog().before(A, paged.get(paged.size() - 1).cursor(), 4);
      if (page.isEmpty()) {
        break;
      }
      assertThat(page).allMatch(e -> e.organizationId().equals(A));
      paged.addAll(page);
    }
    assertThat(paged).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void deletesAuditEntriesOlderThanTheCutoffInEveryOrganization() {
    twoOrganizations();
    Instant cutoff = T0.plus(Duration.ofDays(90));
    store.auditLog().append(TestTenants.audit(A, "au_old", cutoff.minusNanos(1_000)));
    store.auditLog().append(TestTenants.audit(B, "bu_old", cutoff.minus(Duration.ofDays(5))));
    AuditEntry kept = TestTenants.audit(A, "au_kept", cutoff);
    store.auditLog().append(kept);

    assertThat(store.auditLog().deleteOlderThan(cutoff)).isEqualTo(2);
    assertThat(store.auditLog().latest(A, 10)).containsExactly(kept);
    assertThat(store.auditLog().latest(B, 10)).isEmpty();
  }

  @Test
  void refusesAuditEntriesWithTakenIds() {
    twoOrganizations();
    store.auditLog().append(TestTenants.audit(A, "au_1", T0));
    assertThatThrownBy(() -> store.auditLog().append(TestTenants.audit(B, "au_1", T0)))
        .isInstanceOf(StoreConflictException.class);
    assertThat(store.auditLog().latest(B, 10)).isEmpty();
  }
}
