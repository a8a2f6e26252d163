package io.footfall.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  @Test
  void ignoresForwardedForFromUntrustedPeers() {
    ClientAddress none = new ClientAddress(List.of());
    assertThat(none.resolve("198.51.100.1", "203.0.113.9"))
        .map(InetAddress::getHostAddress)
        .contains("198.51.100.1");
  }

  @Test
  void takesTheRightMostUntrustedHopBehindTrustedProxies() {
    ClientAddress proxies =
        new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("127.0.0.1")));
    assertThat(proxies.resolve("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.1.2.3"))
        .map(InetAddress::getHostAddress)
        .contains("203.0.113.9");
    assertThat(proxies.resolve("127.0.0.1", ""))
        .map(InetAddress::getHostAddress)
        .contains("127.0.0.1");
    assertThat(proxies.resolve("127.0.0.1", "garbage"))
        .map(InetAddress::getHostAddress)
        .contains("127.0.0.1");
  }

  @Test
  void neverResolvesHostNames() {
    assertThat(IpLiterals.parse("localhost")).isEmpty();
    assertThat(IpLiterals.parse("example.com")).isEmpty();
    assertThat(IpLiterals.parse("[2001:db8::1]"))
        .map(InetAddress::getHostAddress)
        .contains("2001:db8:0:0:0:0:0:1");
    assertThat(IpLiterals.parse("256.1.1.1")).isEmpty();
  }

  @Test
  void matchesNetworksByPrefix() {
    Cidr net = Cidr.parse("192.0.2.128/25");
    assertThat(net.contains(IpLiterals.parse("192.0.2.200").orElseThrow())).isTrue();
    assertThat(net.contains(IpLiterals.parse("192.0.2.100").orElseThrow())).isFalse();
    assertThat(
            Cidr.parse("2001:db8::/32").contains(IpLiterals.parse("2001:db8:ff::1").orElseThrow()))
        .isTrue();
  }
}
