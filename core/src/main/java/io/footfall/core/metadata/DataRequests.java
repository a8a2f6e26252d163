package io.footfall.core.metadata;

import io.footfall.core.DataRequest;
import java.util.List;

/**
 * The request log of data subjects' requests ({@link DataRequest}), per organization: the record
 * that a request was carried out, kept past the audit retention, holding no id of the subject.
 * Deleting the site deletes its requests with everything else of it; the audit log keeps an entry
 * of each request and of the deletion.
 */
public interface DataRequests {

  /**
   * Records a request.
   *
   * @throws io.footfall.core.StoreConflictException if the id is taken
   */
  void append(DataRequest request);

  /**
   * Replaces a recorded request with its new state (status, completion, counts, detail).
   *
   * @return {@code false} when the organization has no request with that id
   */
  boolean update(DataRequest request);

  /**
   * The site's requests, newest first.
   *
   * @param limit at most this many, at least 1
   */
  List<DataRequest> list(String organizationId, String siteId, int limit);
}
