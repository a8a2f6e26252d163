package io.footfall.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlSchemeTest {
  @Test
  void acceptsRfc3986Schemes() {
    assertThat(UrlScheme.isScheme("https://example.com", 5)).isTrue();
    assertThat(UrlScheme.isScheme("android-app://com.example", 11)).isTrue();
    assertThat(UrlScheme.isScheme("coap+tcp://host", 8)).isTrue();
  }

  @Test
  void rejectsWhatCannotBeAScheme() {
    assertThat(UrlScheme.isScheme("1http://example.com", 5)).isFalse();
    assertThat(UrlScheme.isScheme("/path:with:colons", 5)).isFalse();
    assertThat(UrlScheme.isScheme("ht tp://example.com", 5)).isFalse();
  }
}
