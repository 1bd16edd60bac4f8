package dev.dagstack.logger.diagnostic;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Clock;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Resource;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.record.Values;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The {@code dagstack.logger.internal} diagnostic channel (spec §7.4): the logger's own reports
 * (sink errors, drops, configuration warnings). Written directly as canonical JSON lines to
 * standard error by its own sink; it does not inherit the root's sinks, skips redaction, and
 * never throws.
 *
 * <p>Each report is written synchronously, under a lock, as one line. A report made while a
 * report is being written on the same thread (e.g. a value conversion problem inside a report)
 * is dropped, so the channel never loops.
 *
 * <p>For tests, {@link #capture()} collects the reported records as objects and
 * {@link #redirect(OutputStream)} sends the lines somewhere else than standard error.
 */
public final class Diagnostics {

  /** The channel's logger name. */
  public static final String LOGGER_NAME = "dagstack.logger.internal";

  /** The scope of every diagnostic record. */
  public static final InstrumentationScope SCOPE = InstrumentationScope.of(LOGGER_NAME, null);

  /** How long repeated failures of one sink are summarised instead of reported one by one. */
  public static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final Object WRITE_LOCK = new Object();
  private static final ThreadLocal<boolean[]> REPORTING = ThreadLocal.withInitial(() -> new boolean[1]);
  private static final List<Capture> CAPTURES = new CopyOnWriteArrayList<>();
  private static final ConcurrentHashMap<String, RateWindow> RATE_WINDOWS = new ConcurrentHashMap<>();
  /** What {@link #reportHeldBack()} also runs: the drop ledgers of the sink layer. */
  private static final List<Runnable> HELD_BACK_REPORTERS = new CopyOnWriteArrayList<>();

  static {
    // The record layer reports value-conversion problems through this channel (it cannot
    // import it); see Values.reportProblem.
    Values.reportProblemsTo(
        (key, message) -> warnLimited(key, message, Attrs.empty()));
  }

  /** Encodes one report at a time; guarded by {@link #WRITE_LOCK}. */
  private static final JsonLinesEncoder ENCODER = new JsonLinesEncoder();

  /** Where lines go instead of standard error; guarded by {@link #WRITE_LOCK}. */
  private static OutputStream redirected;

  private Diagnostics() {}

  /** Reports a warning. */
  public static void warn(String message) {
    warn(message, Attrs.empty());
  }

  /** Reports a warning with attributes (e.g. {@code sink.id}). */
  public static void warn(String message, Attrs attributes) {
    report(Severity.WARN, message, null, attributes);
  }

  /** Reports an error with attributes; {@code error} (may be null) adds {@code exception.*}. */
  public static void error(String message, Throwable error, Attrs attributes) {
    report(Severity.ERROR, message, error, attributes);
  }

  /**
   * Reports that sink {@code sinkId} failed, rate-limited per sink (see
   * {@link #errorLimited}). For failures that can repeat on every record.
   */
  public static void sinkError(String sinkId, String message, Throwable error) {
    String id = String.valueOf(sinkId);
    errorLimited("sink:" + id, message, error, Attrs.of("sink.id", id));
  }

  /**
   * Reports an error at most once every ten seconds per {@code key}: the reports in between are
   * counted, and the next one carries {@code dagstack.suppressed_count}. For problems that can
   * repeat on every record.
   */
  public static void errorLimited(String key, String message, Throwable error, Attrs attributes) {
    reportLimited(key, Severity.ERROR, message, error, attributes);
  }

  /** As {@link #errorLimited}, at WARN and without an exception. */
  public static void warnLimited(String key, String message, Attrs attributes) {
    reportLimited(key, Severity.WARN, message, null, attributes);
  }

  private static void reportLimited(
      String key, int severity, String message, Throwable error, Attrs attributes) {
    try {
      RateWindow window = RATE_WINDOWS.get(key);
      if (window == null) {
        window = RATE_WINDOWS.computeIfAbsent(key, k -> new RateWindow());
      }
      long suppressed = window.admit(System.nanoTime(), severity, message, attributes);
      if (suppressed < 0) {
        return;
      }
      Attrs all = attributes == null ? Attrs.empty() : attributes;
      if (suppressed > 0) {
        all = all.with("dagstack.suppressed_count", suppressed);
      }
      report(severity, message, error, all);
    } catch (RuntimeException ignored) {
      // The channel never throws.
    }
  }

  /**
   * Writes what the rate limit still holds back: for every key with reports suppressed since its
   * last written one, its latest report with {@code dagstack.suppressed_count}, and the drops not
   * reported yet. Called at flush, close and shutdown, so a count is never lost. Never throws.
   */
  public static void reportHeldBack() {
    try {
      for (RateWindow window : RATE_WINDOWS.values()) {
        RateWindow.HeldBack held = window.takeHeldBack();
        if (held != null) {
          report(held.severity, held.message + " (summary of reports held back by the rate limit)",
              null, held.attributes.with("dagstack.suppressed_count", held.count));
        }
      }
      for (Runnable reporter : HELD_BACK_REPORTERS) {
        reporter.run();
      }
    } catch (RuntimeException ignored) {
      // The channel never throws.
    }
  }

  /** Forgets the rate-limit windows, so the next report of every key is written. For tests. */
  public static void resetRateLimits() {
    RATE_WINDOWS.clear();
  }

  /**
   * Adds what {@link #reportHeldBack()} also writes: a higher layer's held-back counts (the
   * sink layer's drop ledgers), so this channel need not import it. Never throws when run.
   */
  public static void onReportHeldBack(Runnable reporter) {
    HELD_BACK_REPORTERS.add(reporter);
  }

  /**
   * Writes a whole record to this channel (what {@code Logger.get(LOGGER_NAME)} logs through):
   * synchronous, never redacted, never throws. A record written while this thread is already
   * writing one is dropped, so the channel never loops.
   */
  public static void write(LogRecord record) {
    boolean[] reporting = REPORTING.get();
    if (reporting[0]) {
      return;
    }
    reporting[0] = true;
    try {
      publish(record);
    } catch (RuntimeException | LinkageError e) {
      // The channel never throws.
    } finally {
      reporting[0] = false;
    }
  }

  /**
   * Sends the channel's lines to {@code out} instead of standard error ({@code null}: back to
   * standard error). Internal, for tests and tools.
   *
   * @return the previous target, {@code null} for standard error
   */
  public static OutputStream redirect(OutputStream out) {
    synchronized (WRITE_LOCK) {
      OutputStream previous = redirected;
      redirected = out;
      return previous;
    }
  }

  /**
   * Starts collecting every record reported on the channel, from any thread, until the returned
   * capture is closed. The lines are still written. Internal, for tests:
   *
   * <pre>{@code
   * try (Diagnostics.Capture diagnostics = Diagnostics.capture()) {
   *   logger.info("x");
   *   assertThat(diagnostics.records()).extracting(LogRecord::body).contains("...");
   * }
   * }</pre>
   */
  public static Capture capture() {
    Capture capture = new Capture();
    CAPTURES.add(capture);
    return capture;
  }

  private static void report(int severity, String message, Throwable error, Attrs attributes) {
    boolean[] reporting = REPORTING.get();
    if (reporting[0]) {
      return;
    }
    reporting[0] = true;
    // An emit made while the report is written (standard error redirected into the logger) is
    // re-entrant: dropped and counted, never looping back here.
    EmitGuard guard = EmitGuard.current();
    boolean entered = guard.enter();
    try {
      Attrs all = attributes == null ? Attrs.empty() : attributes;
      if (error != null) {
        all = all.withAll(exceptionAttributes(error));
      }
      publish(new LogRecord(Clock.nowUnixNano(), null, severity,
          message == null ? "" : message, all, Resource.empty(), SCOPE, null, null, 0));
    } catch (RuntimeException | LinkageError e) {
      // The channel never throws; there is nowhere left to report this.
    } finally {
      if (entered) {
        guard.exit();
      }
      reporting[0] = false;
    }
  }

  private static void publish(LogRecord record) {
    for (Capture capture : CAPTURES) {
      capture.add(record);
    }
    writeLine(record);
  }

  /**
   * The OpenTelemetry {@code exception.*} attributes of {@code error}: its fully qualified type,
   * message (when it has one) and {@code printStackTrace}-style text, causes included, bounded
   * and never throwing (see {@link ExceptionDescriber}).
   */
  public static Attrs exceptionAttributes(Throwable error) {
    return ExceptionDescriber.describe(error);
  }

  private static void writeLine(LogRecord record) {
    synchronized (WRITE_LOCK) {
      try {
        ENCODER.reset();
        ENCODER.append(record, Clock.nowUnixNano());
        if (redirected != null) {
          ENCODER.writeTo(redirected);
          redirected.flush();
        } else {
          // Read System.err on each write: tests and launchers may replace it.
          PrintStream err = System.err;
          ENCODER.writeTo(err);
          err.flush();
        }
      } catch (java.io.IOException | RuntimeException e) {
        // Standard error is gone; nothing else to write to.
      }
    }
  }

  /** The records reported while a capture is open. */
  public static final class Capture implements AutoCloseable {
    private final List<LogRecord> records = new ArrayList<>();

    private Capture() {}

    private synchronized void add(LogRecord record) {
      records.add(record);
    }

    /** A snapshot of the captured records, oldest first. */
    public synchronized List<LogRecord> records() {
      return List.copyOf(records);
    }

    /** The captured messages (record bodies), oldest first. */
    public synchronized List<String> messages() {
      List<String> messages = new ArrayList<>(records.size());
      for (LogRecord record : records) {
        messages.add(record.bodyText());
      }
      return messages;
    }

    /** Stops capturing. */
    @Override
    public void close() {
      CAPTURES.remove(this);
    }
  }

  /** One key's report counter for the current reporting window. */
  private static final class RateWindow {
    private long windowStart;
    private boolean started;
    private long suppressed;
    /** The latest suppressed report, written by {@link #takeHeldBack()}. */
    private int lastSeverity;
    private String lastMessage;
    private Attrs lastAttributes;

    /** The latest suppressed report and how many were suppressed. */
    record HeldBack(int severity, String message, Attrs attributes, long count) {}

    /** The failures suppressed since the last report when this one is reported, or -1. */
    synchronized long admit(long now, int severity, String message, Attrs attributes) {
      if (started && now - windowStart < RATE_WINDOW_NANOS) {
        suppressed++;
        lastSeverity = severity;
        lastMessage = message;
        lastAttributes = attributes;
        return -1;
      }
      started = true;
      windowStart = now;
      long count = suppressed;
      suppressed = 0;
      lastMessage = null;
      lastAttributes = null;
      return count;
    }

    /** The reports suppressed since the last written one, or null; they count as written. */
    synchronized HeldBack takeHeldBack() {
      if (suppressed == 0) {
        return null;
      }
      HeldBack held = new HeldBack(lastSeverity, String.valueOf(lastMessage),
          lastAttributes == null ? Attrs.empty() : lastAttributes, suppressed);
      suppressed = 0;
      lastMessage = null;
      lastAttributes = null;
      return held;
    }
  }
}
