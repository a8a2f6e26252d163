package io.footfall.server.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Decides which address a request came from. {@code X-Forwarded-For} is believed only when the
 * connection comes from a trusted proxy; then the right-most address that is not itself a trusted
 * proxy is the client (the left-most entries are whatever the client chose to send).
 */
public final class ClientAddress {
  private final List<Cidr> trustedProxies;

  public ClientAddress(List<Cidr> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * @param remote the address of the TCP peer
   * @param forwardedFor the {@code X-Forwarded-For} header, or empty
   */
  public Optional<InetAddress> resolve(String remote, String forwardedFor) {
    Optional<InetAddress> peer = IpLiterals.parse(remote);
    if (peer.isEmpty() || !trusted(peer.get()) || forwardedFor.isBlank()) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      Optional<InetAddress> hop = IpLiterals.parse(hops[i]);
      if (hop.isEmpty()) {
        return peer;
      }
      if (!trusted(hop.get())) {
        return hop;
      }
    }
    return peer;
  }

  private boolean trusted(InetAddress address) {
    for (Cidr c : trustedProxies) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
