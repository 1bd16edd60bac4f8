package dev.dagstack.logger.context;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.sink.Sink;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place where the scope state of an execution context lives: a thread-local stack of
 * open scopes ({@link Frame}s), each entry holding the {@link ScopeState} they add up to.
 *
 * <p>Opening a scope pushes a frame; closing it removes exactly that frame. Closed in order (the
 * normal case), the previous state comes back as it was. Closed out of order, the other frames
 * stay in effect (they are re-applied over what was below the closed one) and the mistake is
 * reported on the diagnostic channel. Closing twice does nothing. A scope closed on another
 * thread than the one it is open on (an async request completing elsewhere) is marked closed at
 * once and dropped by its own thread the next time that thread looks at its scopes.
 *
 * <p>Two process-wide counters (threads with a non-empty state, threads with a lowered
 * threshold) let the emit path skip the thread-local lookup when no thread has a scope open.
 *
 * <p>Not part of the supported API: public for the root package (the emit path,
 * {@code Logger.scopeSinks}), {@code convention} ({@code Operation}) and the Spring Boot
 * starter's Logback turbo filter only; may change without notice. (The root package sits above
 * {@code context}, so no package-private arrangement serves it.)
 */
public final class ScopeContext {

  private static final ThreadLocal<Entry> CURRENT = new ThreadLocal<>();
  private static final AtomicInteger SCOPED_THREADS = new AtomicInteger();
  private static final AtomicInteger THRESHOLD_THREADS = new AtomicInteger();
  /** Frames closed from another thread and not yet dropped by their own: usually zero. */
  private static final AtomicInteger CLOSED_ELSEWHERE = new AtomicInteger();

  private ScopeContext() {}

  /** Whether some thread has a scope open that lowers the threshold (a cheap volatile read). */
  public static boolean anyThresholdLowered() {
    return THRESHOLD_THREADS.get() != 0;
  }

  /** The scope state of the calling thread. */
  public static ScopeState current() {
    if (SCOPED_THREADS.get() == 0) {
      return ScopeState.EMPTY;
    }
    Entry entry = CURRENT.get();
    if (entry == null) {
      return ScopeState.EMPTY;
    }
    if (CLOSED_ELSEWHERE.get() != 0 && entry.holdsClosedFrame()) {
      Entry rebuilt = rebuildWithoutClosed(entry);
      set(entry, rebuilt);
      return rebuilt == null ? ScopeState.EMPTY : rebuilt.state;
    }
    return entry.state;
  }

  /** Opens a {@code Logger.scopeSinks} scope on the calling thread. */
  public static Frame openSinkOverride(String loggerName, Sink[] sinks) {
    return push(new Frame(Frame.SINK_OVERRIDE, loggerName, sinks, null, 0, false, null));
  }

  /** Opens a {@code LoggingScope} on the calling thread. */
  public static Frame openScope(Attrs attributes, int threshold, Sink[] appendedSinks,
      boolean captureBodies) {
    return push(new Frame(Frame.SCOPE, null, appendedSinks, attributes, threshold,
        captureBodies, null));
  }

  /** Installs a captured state on the calling thread, replacing what is there until closed. */
  public static Frame openSnapshot(ScopeState captured) {
    return push(new Frame(Frame.SNAPSHOT, null, null, null, 0, false, captured));
  }

  /**
   * Notes that {@code throwable} was just logged with its stack trace on the calling thread,
   * inside the operation current now (spec §5.1: an operation's closing record leaves out a
   * stack trace its own records already carry). Weakly held.
   */
  public static void throwableLogged(Throwable throwable) {
    LoggedThrowables.logged(throwable);
  }

  /**
   * Whether {@code throwable} was the last one logged on the calling thread, inside operation
   * {@code operationId} (see {@link #throwableLogged}).
   */
  public static boolean throwableLoggedIn(Throwable throwable, String operationId) {
    return LoggedThrowables.loggedIn(throwable, operationId);
  }

  /** Forgets every scope of the calling thread (for tests). */
  public static void clear() {
    set(CURRENT.get(), null);
  }

  private static Frame push(Frame frame) {
    Entry top = CURRENT.get();
    Entry base = top != null && CLOSED_ELSEWHERE.get() != 0 && top.holdsClosedFrame()
        ? rebuildWithoutClosed(top) : top;
    set(top, new Entry(base, frame));
    return frame;
  }

  /** The stack {@code top} without its closed frames (the caller installs it). */
  private static Entry rebuildWithoutClosed(Entry top) {
    ArrayDeque<Frame> open = new ArrayDeque<>();
    for (Entry entry = top; entry != null; entry = entry.parent) {
      if (!entry.frame.closed.get()) {
        open.push(entry.frame);
      } else if (entry.frame.closedElsewhere) {
        CLOSED_ELSEWHERE.decrementAndGet();
      }
    }
    Entry rebuilt = null;
    while (!open.isEmpty()) {
      rebuilt = new Entry(rebuilt, open.pop());
    }
    return rebuilt;
  }

  /** Closes {@code frame} on the calling thread; idempotent. */
  public static void close(Frame frame) {
    if (frame.closed.get()) {
      return;
    }
    Entry top = CURRENT.get();
    if (top != null && top.frame == frame) {
      if (frame.closed.compareAndSet(false, true)) {
        set(top, top.parent);
      }
      return;
    }
    if (!isOnStack(top, frame)) {
      // Open on another thread, which drops it the next time it looks at its scopes. Marked
      // before it is closed, so whoever sees it closed also sees where.
      frame.closedElsewhere = true;
      if (frame.closed.compareAndSet(false, true)) {
        CLOSED_ELSEWHERE.incrementAndGet();
      }
      return;
    }
    if (frame.closed.compareAndSet(false, true)) {
      set(top, rebuildWithoutClosed(top));
      Diagnostics.warn(
          "logging scopes were closed out of order; the scopes still open stay in effect");
    }
  }

  private static boolean isOnStack(Entry top, Frame frame) {
    for (Entry entry = top; entry != null; entry = entry.parent) {
      if (entry.frame == frame) {
        return true;
      }
    }
    return false;
  }

  private static void set(Entry previous, Entry next) {
    ScopeState before = previous == null ? ScopeState.EMPTY : previous.state;
    ScopeState after = next == null ? ScopeState.EMPTY : next.state;
    if (next == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(next);
    }
    int scoped = (after.isEmpty() ? 0 : 1) - (before.isEmpty() ? 0 : 1);
    if (scoped != 0) {
      SCOPED_THREADS.addAndGet(scoped);
    }
    int lowered = (after.lowersThreshold() ? 1 : 0) - (before.lowersThreshold() ? 1 : 0);
    if (lowered != 0) {
      THRESHOLD_THREADS.addAndGet(lowered);
    }
  }

  /** One open scope; the handle's identity. */
  public static final class Frame {
    static final int SINK_OVERRIDE = 0;
    static final int SCOPE = 1;
    static final int SNAPSHOT = 2;

    private final int kind;
    private final String loggerName;
    private final Sink[] sinks;
    private final Attrs attributes;
    private final int threshold;
    private final boolean captureBodies;
    private final ScopeState snapshot;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set (before the counter is raised) when closed from a thread it is not open on. */
    private volatile boolean closedElsewhere;

    private Frame(int kind, String loggerName, Sink[] sinks, Attrs attributes, int threshold,
        boolean captureBodies, ScopeState snapshot) {
      this.kind = kind;
      this.loggerName = loggerName;
      this.sinks = sinks;
      this.attributes = attributes;
      this.threshold = threshold;
      this.captureBodies = captureBodies;
      this.snapshot = snapshot;
    }

    ScopeState applyTo(ScopeState base) {
      switch (kind) {
        case SINK_OVERRIDE:
          return base.withSinkOverride(loggerName, sinks);
        case SCOPE:
          return base.withScope(attributes, threshold, sinks, captureBodies);
        default:
          return snapshot;
      }
    }
  }

  /** A stack entry: a frame over its parent, with the state they add up to. */
  private static final class Entry {
    final Entry parent;
    final Frame frame;
    final ScopeState state;

    Entry(Entry parent, Frame frame) {
      this.parent = parent;
      this.frame = frame;
      this.state = frame.applyTo(parent == null ? ScopeState.EMPTY : parent.state);
    }

    /** Whether a frame of this stack was closed (from another thread) but not yet dropped. */
    boolean holdsClosedFrame() {
      for (Entry entry = this; entry != null; entry = entry.parent) {
        if (entry.frame.closed.get()) {
          return true;
        }
      }
      return false;
    }
  }
}
