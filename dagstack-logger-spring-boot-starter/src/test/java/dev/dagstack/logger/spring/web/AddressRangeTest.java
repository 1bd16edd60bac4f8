package dev.dagstack.logger.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** CIDR ranges and request id checks. */
class AddressRangeTest {

  @Test
  void ipv4RangesMatchTheirPrefixOnly() {
    AddressRange range = AddressRange.parse("10.1.0.0/17");
    assertThat(range.contains(AddressRange.parseLiteral("10.1.127.255"))).isTrue();
    assertThat(range.contains(AddressRange.parseLiteral("10.1.128.0"))).isFalse();
    assertThat(AddressRange.parse("0.0.0.0/0").contains(AddressRange.parseLiteral("8.8.8.8"))).isTrue();
    assertThat(AddressRange.parse("127.0.0.1").contains(AddressRange.parseLiteral("127.0.0.2"))).isFalse();
    assertThat(range.contains(AddressRange.parseLiteral("::1"))).isFalse();
  }

  @Test
  void ipv6RangesIncludingTomcatsLongFormAndMappedIpv4() {
    AddressRange loopback = AddressRange.parse("::1/128");
    assertThat(loopback.contains(AddressRange.parseLiteral("0:0:0:0:0:0:0:1"))).isTrue();
    AddressRange documentation = AddressRange.parse("2001:db8::/32");
    assertThat(documentation.contains(AddressRange.parseLiteral("2001:db8:ffff::1"))).isTrue();
    assertThat(documentation.contains(AddressRange.parseLiteral("2001:db9::1"))).isFalse();
    assertThat(AddressRange.parse("192.168.0.0/16")
        .contains(AddressRange.parseLiteral("::ffff:192.168.3.4"))).isTrue();
  }

  @Test
  void invalidRangesAreRejectedWithoutNameLookups() {
    assertThatThrownBy(() -> AddressRange.parse("localhost")).hasMessageContaining("not an IPv4 or IPv6");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0/8")).hasMessageContaining("not an IPv4 or IPv6");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/-1")).hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> AddressRange.parse("::1/x")).hasMessageContaining("0 to 128");
    assertThatThrownBy(() -> AddressRange.parse("fe80::1%eth0")).hasMessageContaining("not an IPv4");
    assertThatThrownBy(() -> AddressRange.parse(" ")).hasMessageContaining("empty");
  }

  @Test
  void requestIdsAreBoundedAndOfSafeCharacters() {
    assertThat(RequestScopes.isWellFormed("req-1.a_b:c")).isTrue();
    assertThat(RequestScopes.isWellFormed("x".repeat(128))).isTrue();
    assertThat(RequestScopes.isWellFormed("x".repeat(129))).isFalse();
    assertThat(RequestScopes.isWellFormed("")).isFalse();
    assertThat(RequestScopes.isWellFormed("a b")).isFalse();
    assertThat(RequestScopes.isWellFormed("a\nb")).isFalse();
    assertThat(RequestScopes.isWellFormed("é")).isFalse();
    assertThat(RequestScopes.requestId(null)).matches("[0-9a-f]{32}")
        .isNotEqualTo(RequestScopes.requestId(null));
  }
}
