package io.footfall.core.metadata;

import static io.footfall.core.TestTenants.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.footfall.core.DataRequest;
import io.footfall.core.StoreConflictException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link DataRequests}: requests are recorded, updated by their organization only,
 * and listed per site newest first. Every metadata backend runs it through {@link
 * MetadataStoreContract}.
 */
public abstract class DataRequestsContract extends MetadataContract {
  private static DataRequest received(String org, String site, String id, int minutes) {
    return new DataRequest(
        id,
        org,
        site,
        minutes % 2 == 0 ? DataRequest.Kind.EXPORT : DataRequest.Kind.ERASURE,
        "0123456789abcdef",
        "person:p_owner",
        T0.plus(Duration.ofMinutes(minutes)),
        DataRequest.Status.RECEIVED,
        Optional.empty(),
        0,
        0,
        0,
        "");
  }

  @Test
  void recordsUpdatesAndListsRequestsPerSiteNewestFirst() {
    twoOrganizations();
    for (int i = 0; i < 5; i++) {
      store.dataRequests().append(received(A, "s_a", "dr_a" + i, i));
    }
    store.dataRequests().append(received(A, "s_other", "dr_x", 9));
    store.dataRequests().append(received(B, "s_a", "dr_b", 10));
    DataRequest done = received(A, "s_a", "dr_a3", 3).completed(T0.plusSeconds(3600), 12, 3, 1);
    DataRequest failed =
        received(A, "s_a", "dr_a1", 1).failed(T0.plusSeconds(3600), "the store was unreachable");

    assertThat(store.dataRequests().update(done)).isTrue();
    assertThat(store.dataRequests().update(failed)).isTrue();
    assertThat(store.dataRequests().update(received(B, "s_a", "dr_a2", 2).completed(T0, 1, 1, 1)))
        .as("another organization's request")
        .isFalse();

    List<DataRequest> listed = store.dataRequests().list(A, "s_a", 10);
    assertThat(listed)
        .extracting(DataRequest::id)
        .containsExactly("dr_a4", "dr_a3", "dr_a2", "dr_a1", "dr_a0");
    assertThat(listed.get(1)).isEqualTo(done);
    assertThat(listed.get(3)).isEqualTo(failed);
    assertThat(listed.get(2).status()).isEqualTo(DataRequest.Status.RECEIVED);
    assertThat(store.dataRequests().list(A, "s_a", 2)).hasSize(2);
    assertThat(store.dataRequests().list(B, "s_a", 10))
        .extracting(DataRequest::id)
        .containsExactly("dr_b");
    assertThatThrownBy(() -> store.dataRequests().append(received(A, "s_a", "dr_a0", 0)))
        .isInstanceOf(StoreConflictException.class);
  }
}
