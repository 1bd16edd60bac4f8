package dev.dagstack.logger.context;

import dev.dagstack.logger.sink.Sink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tap sinks: besides its configured sinks, every record emitted (after the level checks and
 * redaction) is handed to each tap that selects it. A tap selects every record of the process,
 * or only the records emitted on one thread or through one owner's configuration (a logger
 * provider: the records of one application context). For test support (the Spring starter's
 * {@code @CaptureLogs}) and the log viewer; the emit path pays one volatile read, and while
 * none is installed nothing more.
 *
 * <p>Not part of the supported API: public for the root package (the emit path), {@code viewer}
 * ({@code ViewerBuffer}) and dagstack-logger-spring-boot-test ({@code @CaptureLogs}) only; may
 * change without notice.
 */
public final class Taps {

  private static final Sink[] NONE = new Sink[0];
  private static final State EMPTY = new State(new Entry[0], NONE, null, NONE);

  /**
   * Everything the emit path selects from, in one object: installs replace it whole (copied
   * under the class lock), so a reader never combines parts of two sets of taps.
   */
  private static volatile State state = EMPTY;

  private Taps() {}

  /**
   * One installed tap and what it selects ({@code null} thread and owner: everything); a
   * {@code null} tap is a claim on its thread ({@link #claimThread}).
   */
  private record Entry(Sink tap, Thread thread, Object owner) {
    boolean unscoped() {
      return tap != null && thread == null && owner == null;
    }
  }

  /**
   * One set of installed entries and what the emit path selects with, derived from them once.
   *
   * @param unscoped every installed tap, when all of them select every record; {@code null}
   *     otherwise
   * @param byOwner while no tap is installed for a thread and no thread is claimed: the taps
   *     each owner's records go to (the unscoped ones plus its own), so the emit path selects
   *     with one lookup and allocates nothing; {@code null} otherwise
   * @param unscopedTaps the unscoped taps, what an owner without taps of its own gets
   */
  private record State(Entry[] entries, Sink[] unscoped, Map<Object, Sink[]> byOwner,
      Sink[] unscopedTaps) {}

  /**
   * The taps that select a record emitted now, on this thread, through {@code owner}'s
   * configuration; an empty array (never null) when there is none. A thread that a tap was
   * installed for, or that is {@linkplain #claimThread claimed}, belongs to its own taps: the
   * taps installed for another thread and an owner take only that owner's records of unclaimed
   * threads, so two tests running at once on the same application context each capture their
   * own thread's records. Taps of an owner alone (no thread) take all of its records.
   */
  public static Sink[] current(Object owner) {
    State s = state;
    // No tap (EMPTY's unscoped is NONE), the usual case: one volatile read and a field read.
    if (s.unscoped != null) {
      return s.unscoped;
    }
    if (s.byOwner != null) {
      Sink[] selected = s.byOwner.get(owner);
      return selected != null ? selected : s.unscopedTaps;
    }
    Entry[] installed = s.entries;
    Thread current = Thread.currentThread();
    boolean claimed = false;
    for (Entry entry : installed) {
      if (entry.thread == current) {
        claimed = true;
        break;
      }
    }
    List<Sink> selected = null;
    for (Entry entry : installed) {
      if (entry.tap != null && (entry.unscoped() || entry.thread == current
          || (entry.owner != null && entry.owner == owner
              && (entry.thread == null || !claimed)))) {
        if (selected == null) {
          selected = new ArrayList<>(installed.length);
        }
        selected.add(entry.tap);
      }
    }
    return selected == null ? NONE : selected.toArray(NONE);
  }

  /** Installs {@code tap} for every record of the process, until {@link #remove}. */
  public static void add(Sink tap) {
    add(tap, null, null);
  }

  /**
   * Installs {@code tap} until {@link #remove}: it receives the records emitted on
   * {@code thread}, and those emitted through {@code owner}'s configuration: on any thread when
   * {@code thread} is null, else on the threads that no tap was installed for and no claim
   * holds; both {@code null} means every record. Installing a tap again replaces what it selects.
   *
   * @throws IllegalArgumentException when {@code tap} is null
   */
  public static synchronized void add(Sink tap, Thread thread, Object owner) {
    if (tap == null) {
      throw new IllegalArgumentException("tap must not be null");
    }
    List<Entry> next = new ArrayList<>(Arrays.asList(state.entries));
    next.removeIf(entry -> entry.tap == tap);
    next.add(new Entry(tap, thread, owner));
    publish(next);
  }

  /**
   * Claims {@code thread} for the taps installed for it, if any, until {@link #releaseThread}:
   * meanwhile owner-scoped taps of other threads do not take its records. Test support marks
   * each running test's thread this way, so a capture never takes another test's records.
   */
  public static synchronized void claimThread(Thread thread) {
    if (thread == null) {
      throw new IllegalArgumentException("thread must not be null");
    }
    List<Entry> next = new ArrayList<>(Arrays.asList(state.entries));
    next.add(new Entry(null, thread, null));
    publish(next);
  }

  /** Ends one {@link #claimThread} claim on {@code thread}; nothing when there is none. */
  public static synchronized void releaseThread(Thread thread) {
    List<Entry> next = new ArrayList<>(Arrays.asList(state.entries));
    for (int i = next.size() - 1; i >= 0; i--) {
      if (next.get(i).tap == null && next.get(i).thread == thread) {
        next.remove(i);
        publish(next);
        return;
      }
    }
  }

  /** Removes {@code tap}; does nothing when it is not installed. */
  public static synchronized void remove(Sink tap) {
    List<Entry> next = new ArrayList<>(Arrays.asList(state.entries));
    if (tap != null && next.removeIf(entry -> entry.tap == tap)) {
      publish(next);
    }
  }

  private static void publish(List<Entry> next) {
    List<Sink> taps = new ArrayList<>();
    List<Sink> plain = new ArrayList<>();
    boolean threadScoped = false;
    for (Entry entry : next) {
      threadScoped |= entry.thread != null;
      if (entry.tap != null) {
        taps.add(entry.tap);
        if (entry.unscoped()) {
          plain.add(entry.tap);
        }
      }
    }
    Map<Object, Sink[]> owners = null;
    if (!threadScoped) {
      owners = new IdentityHashMap<>();
      for (Entry entry : next) {
        if (entry.owner != null && entry.tap != null) {
          List<Sink> mine = new ArrayList<>(plain);
          for (Entry other : next) {
            if (other.owner == entry.owner && other.tap != null) {
              mine.add(other.tap);
            }
          }
          owners.put(entry.owner, mine.toArray(NONE));
        }
      }
    }
    Sink[] unscopedTaps = plain.isEmpty() ? NONE : plain.toArray(NONE);
    state = next.isEmpty() ? EMPTY : new State(next.toArray(new Entry[0]),
        taps.isEmpty() ? NONE : taps.size() == plain.size() ? unscopedTaps : null,
        owners, unscopedTaps);
  }

}
