package dev.dagstack.logger.otlp;

/**
 * Builds a sink with a chosen SDK HTTP sender: with both on the test classpath the SDK would pick
 * one by hash order (OkHttp, here), and the application this module ships for has the JDK's.
 */
final class HttpSenders {

  /** The SDK's system property that names the HTTP sender provider. */
  private static final String PROVIDER = "io.opentelemetry.sdk.common.export.HttpSenderProvider";
  static final String JDK = "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider";
  static final String OKHTTP =
      "io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider";

  private HttpSenders() {}

  /** {@code builder} built with the sender {@code provider} ({@link #JDK} or {@link #OKHTTP}). */
  static OtlpSink build(OtlpSink.Builder builder, String provider) {
    System.setProperty(PROVIDER, provider);
    try {
      return builder.build();
    } finally {
      System.clearProperty(PROVIDER);
    }
  }

  /** {@code builder} built with the JDK's HTTP sender. */
  static OtlpSink withJdk(OtlpSink.Builder builder) {
    return build(builder, JDK);
  }
}
