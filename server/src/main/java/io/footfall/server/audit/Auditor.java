package io.footfall.server.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.footfall.core.AuditEntry;
import io.footfall.core.metadata.AuditLog;
import io.footfall.server.access.Principal;
import io.footfall.server.access.Secrets;
import io.footfall.server.net.IpLiterals;
import io.footfall.server.net.IpNetworks;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit log: who did what to which object, when, and from which network (truncated like
 * every stored address: /24 or /48).
 */
public final class Auditor {
  private static final Logger log = LoggerFactory.getLogger(Auditor.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditLog entries;
  private final Clock clock;

  public Auditor(AuditLog entries, Clock clock) {
    this.entries = entries;
    this.clock = clock;
  }

  /**
   * Records an administrative action.
   *
   * @param clientAddress the request's client address as a literal, or empty
   * @param details extra facts (never secrets or personal data beyond ids)
   */
  public void record(
      Principal actor,
      String organizationId,
      String action,
      String target,
      String clientAddress,
      Map<String, Object> details) {
    record(actor.actor(), organizationId, action, target, clientAddress, details);
  }

  /**
   * Records an action of someone who is not the request's principal yet, e.g. a person who joins by
   * accepting an invitation.
   *
   * @param actor as {@link Principal#actor()} names it, e.g. {@code person:p_1a2b}
   */
  public void record(
      String actor,
      String organizationId,
      String action,
      String target,
      String clientAddress,
      Map<String, Object> details) {
    String network = IpLiterals.parse(clientAddress).map(IpNetworks::truncate).orElse("");
    try {
      entries.append(
          new AuditEntry(
              "a_" + Secrets.token().substring(0, 16),
              organizationId,
              actor,
              action,
              target,
              network,
              clock.instant(),
              JSON.writeValueAsString(details)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("audit details must serialize", e);
    }
    log.info("audit: {} {} {} in {}", actor, action, target, organizationId);
  }
}
