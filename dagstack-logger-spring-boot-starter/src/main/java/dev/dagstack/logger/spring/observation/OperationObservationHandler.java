package dev.dagstack.logger.spring.observation;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.context.LoggingScope;
import dev.dagstack.logger.convention.Operation;
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
 * <p>No span is opened here: Micrometer Tracing's own handler does that for observations, and
 * the records take their trace context from it.
 */
public final class OperationObservationHandler implements ObservationHandler<Observation.Context> {

  private static final String OPERATION = Operation.class.getName();
  private static final String SCOPES = OperationObservationHandler.class.getName() + ".scopes";

  private final Pattern[] include;
  private final Pattern[] exclude;
  private final String defaultKind;
  private final Map<String, String> kinds;

  /**
   * @param include observation names made operations ({@code *} matches any run of characters)
   * @param exclude names never made operations, checked after {@code include}
   * @param defaultKind the {@code operation.kind} of an observation {@code kinds} does not name
   * @param kinds {@code operation.kind} per observation name
   */
  public OperationObservationHandler(List<String> include, List<String> exclude,
      String defaultKind, Map<String, String> kinds) {
    this.include = globs(include);
    this.exclude = globs(exclude);
    this.defaultKind = defaultKind;
    this.kinds = Map.copyOf(kinds);
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

  @Override
  public void onStart(Observation.Context context) {
    String name = context.getName();
    if (name == null || !matches(include, name) || matches(exclude, name)) {
      return;
    }
    Operation operation = Operation.startDetached(Logger.get(name), name,
        kinds.getOrDefault(name, defaultKind), parentOf(context));
    context.put(OPERATION, operation);
  }

  @Override
  public void onScopeOpened(Observation.Context context) {
    Operation operation = context.get(OPERATION);
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
    Operation operation = context.get(OPERATION);
    if (operation == null) {
      return;
    }
    Throwable error = context.getError();
    if (error != null) {
      operation.fail(error);
    }
    operation.close();
  }

  /** The operation of the nearest enclosing observation that is one, or {@code null}. */
  private static Operation parentOf(Observation.Context context) {
    for (ObservationView parent = context.getParentObservation(); parent != null;
        parent = parent.getContextView().getParentObservation()) {
      Object operation = parent.getContextView().get(OPERATION);
      if (operation instanceof Operation) {
        return (Operation) operation;
      }
    }
    return null;
  }
}
