package dev.dagstack.logger.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code Host} patterns of the viewer: names, ports, wildcards, IPv6 literals, {@code *}. */
class HostCheckTest {

  @Test
  void namesMatchWithAnyPortAndIgnoringCase() {
    HostCheck check = HostCheck.of(List.of(" LocalHost ", "viewer.example.com"));
    assertThat(check.allows("localhost")).isTrue();
    assertThat(check.allows("LOCALHOST:8080")).isTrue();
    assertThat(check.allows(" viewer.example.com:443 ")).isTrue();
    assertThat(check.allows("evil.example.com")).isFalse();
    assertThat(check.allows("localhost.evil.com")).isFalse();
    assertThat(check.allows((String) null)).isFalse();
    assertThat(check.patterns()).containsExactly("localhost", "viewer.example.com");
    assertThat(check.allowsAll()).isFalse();
  }

  @Test
  void aPortInThePatternMustMatch() {
    HostCheck check = HostCheck.of(List.of("viewer.example.com:8443", "[::1]:9000"));
    assertThat(check.allows("viewer.example.com:8443")).isTrue();
    assertThat(check.allows("viewer.example.com:443")).isFalse();
    assertThat(check.allows("viewer.example.com")).isFalse();
    assertThat(check.allows("[::1]:9000")).isTrue();
    assertThat(check.allows("[::1]")).isFalse();
  }

  @Test
  void aWildcardMatchesSubdomainsOnly() {
    HostCheck check = HostCheck.of(List.of("*.example.com"));
    assertThat(check.allows("a.example.com")).isTrue();
    assertThat(check.allows("a.b.example.com:80")).isTrue();
    assertThat(check.allows("example.com")).isFalse();
    assertThat(check.allows(".example.com")).isFalse();
    assertThat(check.allows("badexample.com")).isFalse();
  }

  @Test
  void ipv6LiteralsKeepTheirColons() {
    HostCheck check = HostCheck.of(List.of("[::1]", "127.0.0.1"));
    assertThat(check.allows("[::1]")).isTrue();
    assertThat(check.allows("[::1]:8080")).isTrue();
    assertThat(check.allows("127.0.0.1:1")).isTrue();
    assertThat(check.allows("[::2]")).isFalse();
  }

  @Test
  void starAllowsEverythingEvenNoOrSeveralHosts() {
    HostCheck check = HostCheck.of(List.of("localhost", "*"));
    assertThat(check.allowsAll()).isTrue();
    assertThat(check.allows("anything:1")).isTrue();
    assertThat(check.allows((List<String>) null)).isTrue();
    assertThat(check.allows(List.of("a", "b"))).isTrue();
  }

  @Test
  void exactlyOneHostHeaderIsAnswered() {
    HostCheck check = HostCheck.of(List.of("localhost"));
    assertThat(check.allows(List.of("localhost"))).isTrue();
    assertThat(check.allows(List.of("localhost", "localhost"))).isFalse();
    assertThat(check.allows(List.of())).isFalse();
    assertThat(check.allows((List<String>) null)).isFalse();
  }

  @Test
  void theLoopbackCheckWantsItsPortOrNone() {
    HostCheck check = HostCheck.loopback(8123);
    assertThat(check.allows("127.0.0.1:8123")).isTrue();
    assertThat(check.allows("localhost")).isTrue();
    assertThat(check.allows("[::1]:8123")).isTrue();
    assertThat(check.allows("localhost:8124")).isFalse();
    assertThat(check.allows("example.com:8123")).isFalse();
    assertThat(check.toString()).isEqualTo("HostCheck[127.0.0.1, localhost, [::1]] port 8123");
  }

  @Test
  void badPatternsAreNamed() {
    assertThatThrownBy(() -> HostCheck.of(Arrays.asList("localhost", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("a Host pattern is blank");
    assertThatThrownBy(() -> HostCheck.of(List.of(" ")))
        .hasMessageStartingWith("a Host pattern is blank");
    assertThatThrownBy(() -> HostCheck.of(List.of("Viewer:http")))
        .hasMessage("Host pattern 'viewer:http': the port after ':' must be a number");
  }
}
