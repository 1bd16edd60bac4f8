package dev.dagstack.logger.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlCredentialsTest {

  @Test
  void userInfoAndQueryValuesAreMaskedWhetherTheUrlParsesOrNot() {
    assertThat(UrlCredentials.mask("http://user:s3cret@host:4318/v1/logs?api_key=QTOKEN&x=1"))
        .isEqualTo("http://***@host:4318/v1/logs?api_key=***&x=***");
    // What a URI refuses: a space, an unescaped '@' in the password, a bad escape, no bracket.
    assertThat(UrlCredentials.mask("http://user:s3cret Pw@host/v1/logs"))
        .isEqualTo("http://***@host/v1/logs");
    assertThat(UrlCredentials.mask("http://user:s3cret@Pw@host/v1/logs"))
        .isEqualTo("http://***@host/v1/logs");
    assertThat(UrlCredentials.mask("http://host/v1/logs?token=Q TOKEN#frag"))
        .isEqualTo("http://host/v1/logs?token=***#***");
    // No scheme, a malformed one, an upper-case one, a fragment holding a token.
    assertThat(UrlCredentials.mask("alice:S3CRETPW@127.0.0.1:4318/v1/logs"))
        .isEqualTo("***@127.0.0.1:4318/v1/logs");
    assertThat(UrlCredentials.mask("http:/alice:S3CRETPW@127.0.0.1/v1/logs"))
        .isEqualTo("http:/***@127.0.0.1/v1/logs");
    assertThat(UrlCredentials.mask("//alice:S3CRETPW@127.0.0.1/v1/logs"))
        .isEqualTo("//***@127.0.0.1/v1/logs");
    assertThat(UrlCredentials.mask("HTTP://alice:S3CRETPW@host/v1/logs?api_key=Q#fragSECRET"))
        .isEqualTo("HTTP://***@host/v1/logs?api_key=***#***");
    assertThat(UrlCredentials.mask("user@example.com")).isEqualTo("***@example.com");
    assertThat(UrlCredentials.mask("http://[::1:14318/v1/logs?api_key=QTOKEN%zz"))
        .isEqualTo("http://[::1:14318/v1/logs?api_key=***");
    // Nothing to mask: as it was.
    assertThat(UrlCredentials.mask("http://localhost:4318/v1/logs"))
        .isEqualTo("http://localhost:4318/v1/logs");
    assertThat(UrlCredentials.mask(null)).isNull();
  }
}
