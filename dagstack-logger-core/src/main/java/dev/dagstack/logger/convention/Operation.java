package dev.dagstack.logger.convention;

import dev.dagstack.logger.Attrs;
import dev.dagstack.logger.Logger;
import dev.dagstack.logger.Severity;
import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.internal.Diagnostics;
import dev.dagstack.logger.internal.ScopeContext;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

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
 *   <li>{@code "operation started"} (INFO, {@code event.name=started}) when it starts;
 *   <li>{@code "operation progress"} (DEBUG, {@code event.name=tick}) for {@link #progress},
 *       at most one per {@code progressInterval} (default 500 ms); a tick held back by that
 *       limit is written before the closing record, so the last one is never lost. Ticks carry
 *       {@code progress.current}, {@code progress.total} (when known), {@code progress.unit},
 *       {@code progress.phase}, {@code progress.rate} (units per second over a sliding window)
 *       and {@code progress.eta_ms} (when the total is known);
 *   <li>the closing record, with {@code operation.status} and {@code operation.duration_ms}
 *       (whole milliseconds, from a monotonic clock): {@code "operation completed"} (INFO,
 *       {@code completed}) by default; after {@link #fail(Throwable)} {@code "operation failed"}
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

  private final Logger logger;
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
  private volatile OperationStatus status = OperationStatus.OK;
  private volatile Throwable error;

  private Operation(Logger logger, String name, String kind, String parentId, boolean current,
      boolean withSpan) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("operation name must not be empty, got '" + name + "'");
    }
    if (kind == null || kind.isBlank()) {
      throw new IllegalArgumentException("operation kind must not be empty (one of "
          + OperationKind.STANDARD + " or an application-defined kind)");
    }
    this.logger = logger;
    this.conventions = Logger.configuration().conventions();
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
    emit(Severity.INFO, "operation started", "started", Attrs.empty());
  }

  /**
   * Starts an operation of {@code logger} and makes it current on the calling thread (what
   * {@code logger.operation(name, kind)} does); close it on the same thread.
   *
   * @throws IllegalArgumentException when {@code name} or {@code kind} is null or blank
   */
  public static Operation start(Logger logger, String name, String kind) {
    return new Operation(logger, name, kind, currentId(), true, true);
  }

  /**
   * Starts an operation that is not current anywhere and opens no span, for integrations that
   * manage both themselves (the Spring starter's Micrometer observation handler): the work makes
   * it current with {@link #makeCurrent()} wherever it runs, and {@link #close()} ends it.
   *
   * @param parent the enclosing operation, or {@code null} for the one current on this thread
   * @throws IllegalArgumentException when {@code name} or {@code kind} is null or blank
   */
  public static Operation startDetached(Logger logger, String name, String kind,
      Operation parent) {
    return new Operation(logger, name, kind, parent != null ? parent.id : currentId(), false,
        false);
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
   * rate-limited tick; see the class description.
   */
  public void progress(long current, long total, String unit) {
    progress.update(current, total, unit, this);
  }

  /** Reports progress with an unknown total ({@code progress.total} and ETA left out). */
  public void progress(long current, String unit) {
    progress.update(current, Progress.UNKNOWN, unit, this);
  }

  /** Reports progress, keeping the total and unit given before. */
  public void progress(long current) {
    progress.update(current, Progress.KEEP, null, this);
  }

  /** Sets {@code progress.phase} (e.g. {@code "validating"}) for the records that follow. */
  public void phase(String phase) {
    progress.phase(phase);
  }

  /**
   * Marks the operation failed: the closing record has {@code operation.status=error} and the
   * {@code exception.*} attributes of {@code error} (which may be null).
   */
  public void fail(Throwable error) {
    this.error = error;
    this.status = OperationStatus.ERROR;
  }

  /** Marks the operation cancelled ({@code operation.status=cancelled}). */
  public void cancel() {
    this.status = OperationStatus.CANCELLED;
  }

  /** Marks the operation timed out ({@code operation.status=timeout}). */
  public void timeout() {
    this.status = OperationStatus.TIMEOUT;
  }

  /** The status the closing record will carry (or carried). */
  public OperationStatus status() {
    return status;
  }

  /**
   * Ends the operation: writes a held-back progress tick, then the closing record, ends the span
   * and restores what was current before. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long durationMs = Math.max(0, (conventions.nanoTime() - startNanos) / 1_000_000L);
    OperationStatus finalStatus = status;
    Throwable failure = error;
    try {
      progress.flushPending(this);
      Attrs.Builder extra = Attrs.builder()
          .put("operation.status", finalStatus.value())
          .put("operation.duration_ms", durationMs);
      if (finalStatus == OperationStatus.ERROR && failure != null) {
        extra.putAll(Diagnostics.exceptionAttributes(failure));
      }
      switch (finalStatus) {
        case OK:
          emit(Severity.INFO, "operation completed", "completed", extra.build());
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

  /** Writes one of this operation's own records (a §5.3 progress event). */
  void emit(int severity, String body, String eventName, Attrs extra) {
    Attrs.Builder all = Attrs.builder(attributes.size() + extra.size() + 8);
    progress.putAttributes(all);
    all.putAll(extra);
    all.putAll(attributes);
    all.put("event.domain", "progress");
    all.put("event.name", eventName);
    all.put("event.schema_version", 1L);
    logger.log(severity, body, all.build());
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
