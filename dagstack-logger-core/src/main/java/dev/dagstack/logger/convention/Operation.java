package dev.dagstack.logger.convention;

import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.context.ScopeContext;
import dev.dagstack.logger.context.ScopeState;
import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Severity;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A unit of business work (spec §5.1), made by {@code logger.operation(name, kind)}: while open it
 * is current in the execution context, so every record emitted inside it, through any logger
 * (the SLF4J bridge included) and in tasks handed off with the context, carries
 * {@code operation.name}, {@code operation.id} (a random UUID string), {@code operation.kind}
 * and, when nested, {@code operation.parent.id}.
 *
 * <pre>{@code
 * try (Operation op = logger.operation("import_orders", OperationKind.ADMIN)) {
 *   for (int i = 0; i < orders.size(); i++) {
 *     place(orders.get(i));
 *     op.progress(i + 1, orders.size(), "items");
 *   }
 * } // closing record: operation.status=ok, operation.duration_ms=…
 * }</pre>
 *
 * <p>Records it writes through its logger (typed events of the {@code progress} domain, §5.3):
 * <ul>
 *   <li>{@code "operation started"} (INFO, or the severity given to
 *       {@link #start(ConventionLogger, String, String, int)}; {@code event.name=started}) when it starts;
 *   <li>{@code "operation progress"} (DEBUG, {@code event.name=tick}) for {@link #progress},
 *       at most one per {@code progressInterval} (default 500 ms); a tick held back by that
 *       limit is written before the closing record, so the last one is never lost. Ticks carry
 *       {@code progress.current}, {@code progress.total} (when known), {@code progress.unit},
 *       {@code progress.phase}, {@code progress.rate} (units per second over a sliding window)
 *       and {@code progress.eta_ms} (when the total is known);
 *   <li>the closing record, with {@code operation.status} and {@code operation.duration_ms}
 *       (whole milliseconds, from a monotonic clock): {@code "operation completed"} (INFO or the
 *       severity given, {@code completed}) by default; after {@link #fail(Throwable)} {@code "operation failed"}
 *       (ERROR, {@code failed}, with the {@code exception.*} attributes); after
 *       {@link #timeout()} {@code "operation timed out"} (ERROR, {@code failed}); after
 *       {@link #cancel()} {@code "operation cancelled"} (WARN, {@code failed}).
 * </ul>
 *
 * <p>When a tracer is available ({@link ConventionsConfig#openTelemetry()}, or the
 * {@link OperationSpans} configured, such as the Spring starter's Micrometer Tracing one), the
 * operation also opens a span named after it, current for its duration and carrying the
 * {@code operation.*} attributes, so its records carry the span's trace and span ids.
 *
 * <p>An unknown kind is reported on the diagnostic channel at its first use; the records are
 * still written. Thread-safe: progress may be reported from several threads.
 */
public final class Operation implements AutoCloseable {

  private final ConventionLogger logger;
  /** Of the started and the ok closing record. */
  private final int severity;
  private final ConventionsConfig conventions;
  private final String name;
  private final String id;
  private final String kind;
  private final String parentId;
  private final Attrs attributes;
  private final long startNanos;
  private final Progress progress;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final OperationSpans.OperationSpan span;
  private final LoggingScope scope;
  /** What was current where the operation started, with its own attributes: see {@link #emit}. */
  private final ScopeState startState;
  /** The first terminal status given (fail, cancel, timeout), or {@code null}: it wins. */
  private final AtomicReference<Outcome> outcome = new AtomicReference<>();
  /** Whether a late or second terminal call has been reported (once per operation). */
  private final AtomicBoolean misuseReported = new AtomicBoolean();

  private Operation(ConventionLogger logger, String name, String kind, String parentId, boolean current,
      boolean withSpan, int severity) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("operation name must not be empty, got '" + name + "'");
    }
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("operation kind must not be empty (one of "
          + OperationKind.STANDARD + " or an application-defined kind)");
    }
    if (!Severity.isValid(severity)) {
      throw new IllegalArgumentException("operation record severity must be 1..24, got "
          + severity);
    }
    this.logger = logger;
    this.severity = severity;
    this.conventions = logger.conventions();
    this.name = name;
    this.kind = kind;
    this.id = UUID.randomUUID().toString();
    this.parentId = parentId;
    Attrs.Builder builder = Attrs.builder(4)
        .put("operation.name", name)
        .put("operation.id", id)
        .put("operation.kind", kind);
    if (parentId != null) {
      builder.put("operation.parent.id", parentId);
    }
    this.attributes = builder.build();
    checkKind();
    this.startNanos = conventions.nanoTime();
    this.progress = new Progress(conventions, startNanos);
    this.span = withSpan ? startSpan() : null;
    this.scope = current ? makeCurrent() : null;
    this.startState = ScopeContext.current();
    emit(severity, "operation started", "started", Attrs.empty());
  }

  /**
   * Starts an operation of {@code logger} and makes it current on the calling thread (what
   * {@code logger.operation(name, kind)} does); close it on the same thread.
   *
   * @throws IllegalArgumentException when {@code name} or {@code kind} is null or blank
   */
  public static Operation start(ConventionLogger logger, String name, String kind) {
    return new Operation(logger, name, kind, currentId(), true, true, Severity.INFO);
  }

  /**
   * As {@link #start(ConventionLogger, String, String)}, with the started and the {@code ok} closing
   * record at {@code severity} instead of INFO (failed, timed-out and cancelled closings keep
   * ERROR and WARN): for a small operation repeated inside a bigger one, e.g. one item of a bulk
   * import at {@link Severity#DEBUG}, so the INFO output shows the import, not every item.
   *
   * @throws IllegalArgumentException when {@code name} or {@code kind} is null or blank, or
   *     {@code severity} is outside 1..24
   */
  public static Operation start(ConventionLogger logger, String name, String kind, int severity) {
    return new Operation(logger, name, kind, currentId(), true, true, severity);
  }

  /**
   * Starts an operation that is not current anywhere and opens no span, for integrations that
   * manage both themselves (the Spring starter's Micrometer observation handler): the work makes
   * it current with {@link #makeCurrent()} wherever it runs, and {@link #close()} ends it.
   *
   * @param parent the enclosing operation, or {@code null} for the one current on this thread
   * @throws IllegalArgumentException when {@code name} or {@code kind} is null or blank
   */
  public static Operation startDetached(ConventionLogger logger, String name, String kind,
      Operation parent) {
    return new Operation(logger, name, kind, parent != null ? parent.id : currentId(), false,
        false, Severity.INFO);
  }

  /** The {@code operation.id} current on this thread, or {@code null}. */
  public static String currentId() {
    Object id = ScopeContext.current().attributes().get("operation.id");
    return id instanceof String ? (String) id : null;
  }

  /** {@code operation.name}. */
  public String name() {
    return name;
  }

  /** {@code operation.id}: a random UUID string. */
  public String id() {
    return id;
  }

  /** {@code operation.kind}. */
  public String kind() {
    return kind;
  }

  /** {@code operation.parent.id}, or {@code null} when not nested. */
  public String parentId() {
    return parentId;
  }

  /** The {@code operation.*} attributes every record inside it carries. */
  public Attrs attributes() {
    return attributes;
  }

  /**
   * Makes this operation current on the calling thread until the returned scope is closed
   * (records there carry its attributes). Scopes nest like any {@link LoggingScope}.
   */
  public LoggingScope makeCurrent() {
    return LoggingScope.builder().attributes(attributes).open();
  }

  /**
   * Reports progress with a known total, e.g. {@code progress(40, 100, "items")}. Written as a
   * rate-limited tick; see the class description. A negative current or total is reported on
   * the diagnostic channel and written as given, without rate and ETA; the rate needs samples
   * spanning at least one second; no ETA past the total. After {@link #close()} nothing is
   * written and the call is reported (once per operation).
   */
  public void progress(long current, long total, String unit) {
    progress.update(current, Progress.TOTAL_GIVEN, total, unit, this);
  }

  /** Reports progress with an unknown total ({@code progress.total} and ETA left out). */
  public void progress(long current, String unit) {
    progress.update(current, Progress.TOTAL_UNKNOWN, 0, unit, this);
  }

  /** Reports progress, keeping the total and unit given before. */
  public void progress(long current) {
    progress.update(current, Progress.TOTAL_KEPT, 0, null, this);
  }

  /** Sets {@code progress.phase} (e.g. {@code "validating"}) for the records that follow. */
  public void phase(String phase) {
    progress.phase(phase);
  }

  /**
   * Marks the operation failed: the closing record has {@code operation.status=error} and the
   * {@code exception.type} and {@code exception.message} of {@code error} (its stack trace too,
   * unless a record inside the operation already carried this very throwable). The first of
   * {@code fail}, {@link #cancel()} and {@link #timeout()} wins; a later one, or one after
   * {@link #close()}, changes nothing and is reported on the diagnostic channel (once per
   * operation). {@code fail(null)} marks it failed without exception attributes and is reported.
   */
  public void fail(Throwable error) {
    if (error == null) {
      Diagnostics.warnLimited("operation-fail-null:" + name, "operation '" + name
          + "' failed with a null exception; closing with operation.status=error and no"
          + " exception attributes", attributes);
    }
    finish(OperationStatus.ERROR, error, "fail");
  }

  /** Marks the operation cancelled ({@code operation.status=cancelled}); see {@link #fail}. */
  public void cancel() {
    finish(OperationStatus.CANCELLED, null, "cancel");
  }

  /** Marks the operation timed out ({@code operation.status=timeout}); see {@link #fail}. */
  public void timeout() {
    finish(OperationStatus.TIMEOUT, null, "timeout");
  }

  /** The status the closing record will carry (or carried). */
  public OperationStatus status() {
    Outcome given = outcome.get();
    return given == null ? OperationStatus.OK : given.status;
  }

  private void finish(OperationStatus status, Throwable error, String call) {
    if (closed.get()) {
      misuse(call + "() after close() is ignored");
      return;
    }
    Outcome first = outcome.compareAndExchange(null, new Outcome(status, error));
    if (first != null) {
      misuse(call + "() ignored: the operation already ended with status "
          + first.status.value() + " (the first terminal status wins)");
    }
  }

  /** Reports a call on an ended operation, once per operation: the first is the one to fix. */
  void misuse(String what) {
    if (misuseReported.compareAndSet(false, true)) {
      Diagnostics.warn("operation '" + name + "': " + what, attributes);
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  /** A terminal status and its exception. */
  private static final class Outcome {
    final OperationStatus status;
    final Throwable error;

    Outcome(OperationStatus status, Throwable error) {
      this.status = status;
      this.error = error;
    }
  }

  /**
   * Ends the operation: writes a held-back progress tick, then the closing record, ends the span
   * and restores what was current before. Idempotent.
   */
  @Override
  public void close() {
    close(null, Attrs.empty());
  }

  /**
   * Ends the operation as {@link #close()} does, with {@code status} unless an earlier
   * {@link #fail}, {@link #cancel()} or {@link #timeout()} set one (that one wins), and with
   * {@code closingAttributes} on the closing record (for integrations that learn the outcome at
   * the end, e.g. {@code http.response.status_code}). {@code status} {@code null} is
   * {@link OperationStatus#OK}.
   */
  public void close(OperationStatus status, Map<String, ?> closingAttributes) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (status != null && status != OperationStatus.OK) {
      outcome.compareAndSet(null, new Outcome(status, null));
    }
    long durationMs = Math.max(0, (conventions.nanoTime() - startNanos) / 1_000_000L);
    Outcome given = outcome.get();
    OperationStatus finalStatus = given == null ? OperationStatus.OK : given.status;
    Throwable failure = given == null ? null : given.error;
    try {
      progress.flushPending(this);
      Attrs.Builder extra = Attrs.builder()
          .putAll(Attrs.from(closingAttributes))
          .put("operation.status", finalStatus.value())
          .put("operation.duration_ms", durationMs);
      if (finalStatus == OperationStatus.ERROR && failure != null) {
        extra.putAll(closingExceptionAttributes(failure));
      }
      switch (finalStatus) {
        case OK:
          emit(severity, "operation completed", "completed", extra.build());
          break;
        case ERROR:
          emit(Severity.ERROR, "operation failed", "failed", extra.build());
          break;
        case TIMEOUT:
          emit(Severity.ERROR, "operation timed out", "failed", extra.build());
          break;
        default:
          emit(Severity.WARN, "operation cancelled", "failed", extra.build());
      }
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.errorLimited("operation:" + name, "closing operation '" + name + "' failed", e,
          Attrs.of("operation.name", name));
    } finally {
      // The closing record above still carries the span's ids; then both scopes end.
      try {
        endSpan(finalStatus, failure, durationMs);
      } catch (RuntimeException | LinkageError e) {
        Diagnostics.errorLimited("operation-span", "ending the span of operation '" + name
            + "' failed", e, Attrs.of("operation.name", name));
      }
      if (scope != null) {
        scope.close();
      }
    }
  }

  /**
   * Writes one of this operation's own records (a §5.3 progress event) in the context the
   * operation started in: operations closed out of order, or a tick from another thread, carry
   * this operation's attributes (and the request's), never those current at the call.
   */
  void emit(int severity, String body, String eventName, Attrs extra) {
    Attrs.Builder all = Attrs.builder(attributes.size() + extra.size() + 8);
    progress.putAttributes(all);
    all.putAll(extra);
    all.putAll(attributes);
    all.put("event.domain", "progress");
    all.put("event.name", eventName);
    all.put("event.schema_version", 1L);
    ScopeState here = ScopeContext.current();
    if (startState == null || here == startState) {
      logger.log(severity, body, all.build());
      return;
    }
    ScopeContext.Frame frame = ScopeContext.openSnapshot(startState);
    try {
      logger.log(severity, body, all.build());
    } finally {
      ScopeContext.close(frame);
    }
  }

  /**
   * The closing record's {@code exception.*}: type and message always; the stack trace only when
   * no record of the operation carried this throwable already (the usual
   * {@code log.error("…", e); op.fail(e)} would otherwise write it twice).
   */
  private Attrs closingExceptionAttributes(Throwable failure) {
    Attrs all = Diagnostics.exceptionAttributes(failure);
    if (!ScopeContext.throwableLoggedIn(failure, id)) {
      return all;
    }
    Attrs.Builder kept = Attrs.builder(all.size());
    for (String key : all.keySet()) {
      if (!"exception.stacktrace".equals(key)) {
        kept.put(key, all.get(key));
      }
    }
    return kept.put("exception.stacktrace_logged", true).build();
  }

  boolean tickEnabled() {
    return logger.isEnabled(Severity.DEBUG);
  }

  private void checkKind() {
    if (conventions.operationKinds().contains(kind)) {
      return;
    }
    // Reported once per configuration and kind: the first use is the call site to fix.
    if (conventions.firstUseOfUnknownKind(kind)) {
      Diagnostics.warn("operation kind '" + kind + "' is not registered (known: "
          + new java.util.TreeSet<>(conventions.operationKinds()) + "); register it with"
          + " ConventionsConfig.Builder.operationKinds or dagstack.logger.operations.kinds",
          Attrs.of("operation.name", name, "operation.kind", kind));
    }
  }

  private OperationSpans.OperationSpan startSpan() {
    try {
      return conventions.spans().start(this);
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.errorLimited("operation-span", "could not open a span for operation '" + name
          + "'", e, Attrs.of("operation.name", name));
      return null;
    }
  }

  private void endSpan(OperationStatus finalStatus, Throwable failure, long durationMs) {
    if (span != null) {
      span.end(finalStatus, failure, durationMs);
    }
  }

  @Override
  public String toString() {
    return "Operation[" + name + " " + kind + " " + id + "]";
  }
}
