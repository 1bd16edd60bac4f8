package dev.dagstack.logger.spring.observation;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.convention.Operation;
import dev.dagstack.logger.convention.OperationStatus;
import dev.dagstack.logger.record.Attrs;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Makes Micrometer observations dagstack operations (spec §5.1): an HTTP server request, an
 * {@code @Observed} method, any instrumented call whose observation name passes the include and
 * exclude patterns. While an observation's scope is open, every record of the thread (any
 * logger, the SLF4J bridge included) carries the {@code operation.*} attributes of the innermost
 * observation; the observation's parent, when it is an operation too, is its
 * {@code operation.parent.id}. The operation's records (started, and the closing one with
 * {@code operation.status} and {@code operation.duration_ms}; status {@code error} when the
 * observation recorded an error) go through the logger named after the observation (e.g.
 * {@code http.server.requests}), so {@code logging.level.<name>} tunes them.
 *
 * <p>No span is opened here: Micrometer Tracing's own handler does that for observations. The
 * operation's own records are written while the observation's span is current ({@link SpanScopes};
 * the starter supplies one when the application has a Micrometer {@code Tracer}), and in the
 * logging context current where the observation's scope first opened: an HTTP request's
 * started and closing records carry {@code trace_id}/{@code span_id} and the request scope's
 * {@code request.id}, {@code http.request.method} and {@code url.path} like its other records.
 * The operation starts (and its started record is written) when the observation starts.
 *
 * <p>The closing record carries {@code http.response.status_code} when the observation has a
 * numeric {@code status} key value (HTTP server and client observations). Its status is
 * {@code error} for a 5xx response (with the exception's {@code exception.*} when one was
 * recorded) and for a recorded exception without a status code; a 4xx response is {@code ok}
 * (the client's error, logged by the application where it was handled).
 */
public final class OperationObservationHandler implements ObservationHandler<Observation.Context> {

  private static final String OPERATION = Operation.class.getName();
  private static final String SCOPES = OperationObservationHandler.class.getName() + ".scopes";
  private static final String PENDING = OperationObservationHandler.class.getName() + ".pending";

  private final Pattern[] include;
  private final Pattern[] exclude;
  private final String defaultKind;
  private final Map<String, String> kinds;
  private final SpanScopes spanScopes;

  /**
   * Makes an observation's span current on the calling thread while the handler writes one of
   * its records; returns {@code null} when the observation has no span.
   */
  @FunctionalInterface
  public interface SpanScopes {
    /** No tracer: records take whatever trace context is current. */
    SpanScopes NONE = context -> null;

    AutoCloseable open(Observation.Context context);
  }

  /** As {@link #OperationObservationHandler(List, List, String, Map, SpanScopes)} without spans. */
  public OperationObservationHandler(List<String> include, List<String> exclude,
      String defaultKind, Map<String, String> kinds) {
    this(include, exclude, defaultKind, kinds, SpanScopes.NONE);
  }

  /**
   * @param include observation names made operations ({@code *} matches any run of characters)
   * @param exclude names never made operations, checked after {@code include}
   * @param defaultKind the {@code operation.kind} of an observation {@code kinds} does not name
   * @param kinds {@code operation.kind} per observation name
   * @param spanScopes makes the observation's span current while its records are written
   */
  public OperationObservationHandler(List<String> include, List<String> exclude,
      String defaultKind, Map<String, String> kinds, SpanScopes spanScopes) {
    this.include = globs(include);
    this.exclude = globs(exclude);
    this.defaultKind = defaultKind;
    this.kinds = Map.copyOf(kinds);
    this.spanScopes = spanScopes != null ? spanScopes : SpanScopes.NONE;
  }

  private static Pattern[] globs(List<String> patterns) {
    return patterns.stream().map(p -> Pattern.compile(
        ("\\Q" + p + "\\E").replace("*", "\\E.*\\Q"))).toArray(Pattern[]::new);
  }

  private static boolean matches(Pattern[] patterns, String name) {
    for (Pattern pattern : patterns) {
      if (pattern.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every context: an observation made with a convention gets its name only when it starts,
   * after the handlers are chosen, so the name patterns are checked in {@link #onStart}.
   */
  @Override
  public boolean supportsContext(Observation.Context context) {
    return true;
  }

  /**
   * Starts the observation's operation, with the observation's span current when the tracing
   * handler has already made one (Boot orders it before this handler); other handlers read the
   * operation from the context in their own {@code onStart}.
   */
  @Override
  public void onStart(Observation.Context context) {
    String name = context.getName();
    if (name == null || !matches(include, name) || matches(exclude, name)) {
      return;
    }
    context.put(PENDING, Boolean.TRUE);
    operationOf(context);
  }

  /** The observation's operation, started now (with its started record) if it was pending. */
  private Operation operationOf(Observation.Context context) {
    Operation operation = context.get(OPERATION);
    if (operation != null || context.get(PENDING) == null) {
      return operation;
    }
    synchronized (context) {
      operation = context.get(OPERATION);
      if (operation == null) {
        String name = context.getName();
        Operation parent = parentOf(context);
        try (SpanScope ignored = spanScope(context)) {
          operation = Operation.startDetached(Logger.get(name), name,
              kinds.getOrDefault(name, defaultKind), parent);
        }
        context.put(OPERATION, operation);
      }
      return operation;
    }
  }

  /** The observation's span made current, closed without checked exceptions. */
  private SpanScope spanScope(Observation.Context context) {
    AutoCloseable scope;
    try {
      scope = spanScopes.open(context);
    } catch (RuntimeException e) {
      scope = null;
    }
    return new SpanScope(scope);
  }

  /** An {@link AutoCloseable} of {@link SpanScopes} for try-with-resources. */
  private static final class SpanScope implements AutoCloseable {
    private final AutoCloseable scope;

    SpanScope(AutoCloseable scope) {
      this.scope = scope;
    }

    @Override
    public void close() {
      if (scope != null) {
        try {
          scope.close();
        } catch (Exception ignored) {
          // Restoring the tracer's previous span cannot fail in practice; never into the app.
        }
      }
    }
  }

  @Override
  public void onScopeOpened(Observation.Context context) {
    Operation operation = operationOf(context);
    if (operation == null) {
      return;
    }
    Deque<OpenScope> scopes = context.computeIfAbsent(SCOPES, key -> new ArrayDeque<>());
    OpenScope scope = new OpenScope(Thread.currentThread(), operation.makeCurrent());
    synchronized (scopes) {
      scopes.push(scope);
    }
  }

  /** Closes the innermost scope this thread opened for the observation. */
  @Override
  public void onScopeClosed(Observation.Context context) {
    closeScopes(context, false);
  }

  /** Closes every scope this thread opened for the observation. */
  @Override
  public void onScopeReset(Observation.Context context) {
    closeScopes(context, true);
  }

  private static void closeScopes(Observation.Context context, boolean all) {
    Deque<OpenScope> scopes = context.get(SCOPES);
    if (scopes == null) {
      return;
    }
    Thread thread = Thread.currentThread();
    List<OpenScope> closing = new ArrayList<>();
    synchronized (scopes) {
      // A scope may be open on several threads at once: each closes only its own.
      for (Iterator<OpenScope> it = scopes.iterator(); it.hasNext(); ) {
        OpenScope scope = it.next();
        if (scope.thread == thread) {
          it.remove();
          closing.add(scope);
          if (!all) {
            break;
          }
        }
      }
    }
    for (OpenScope scope : closing) {
      scope.scope.close();
    }
  }

  /** A scope of the observation's operation and the thread it is open on. */
  private static final class OpenScope {
    final Thread thread;
    final LoggingScope scope;

    OpenScope(Thread thread, LoggingScope scope) {
      this.thread = thread;
      this.scope = scope;
    }
  }

  @Override
  public void onStop(Observation.Context context) {
    Operation operation = operationOf(context);
    if (operation == null) {
      return;
    }
    try (SpanScope ignored = spanScope(context)) {
      long statusCode = statusCode(context);
      Throwable error = context.getError();
      // A handled client error (4xx) is the client's fault, not the operation's: status ok.
      if (error != null && (statusCode < 0 || statusCode >= 500)) {
        operation.fail(error);
      }
      operation.close(statusCode >= 500 ? OperationStatus.ERROR : OperationStatus.OK,
          statusCode > 0 ? Attrs.of("http.response.status_code", statusCode) : Attrs.empty());
    }
  }

  /** The observation's numeric {@code status} key value (an HTTP status code), or -1. */
  private static long statusCode(Observation.Context context) {
    KeyValue status = context.getLowCardinalityKeyValue("status");
    if (status == null) {
      return -1;
    }
    String value = status.getValue();
    if (value.length() != 3) {
      return -1;
    }
    try {
      int code = Integer.parseInt(value);
      return code >= 100 && code <= 599 ? code : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The operation of the nearest enclosing observation that is one, or {@code null}. */
  private Operation parentOf(Observation.Context context) {
    for (ObservationView parent = context.getParentObservation(); parent != null;
        parent = parent.getContextView().getParentObservation()) {
      if (parent.getContextView() instanceof Observation.Context parentContext) {
        Operation operation = operationOf(parentContext);
        if (operation != null) {
          return operation;
        }
      } else if (parent.getContextView().get(OPERATION) instanceof Operation operation) {
        return operation;
      }
    }
    return null;
  }
}
