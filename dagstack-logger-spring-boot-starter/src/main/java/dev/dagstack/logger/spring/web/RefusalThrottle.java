package dev.dagstack.logger.spring.web;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts the debug-capture refusals of each client address in fixed windows: once an address has
 * {@code limit} refusals in its current window, its debug header is ignored without a check
 * until the window ends. A window starts with an address's first refusal after the previous one
 * ended. At most {@link #MAX_TRACKED} addresses are tracked; when that many have live windows a
 * new address is throttled straight away (fail closed: a spray of addresses cannot push out the
 * ones already throttled). Ended windows are forgotten when the table is full and one of them can
 * have ended, so a spray costs one scan of the table per window end, not one per request.
 * Thread-safe.
 */
final class RefusalThrottle {

  /** The most addresses with a live window at once. */
  static final int MAX_TRACKED = 4096;

  private final int limit;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  /**
   * No window can end before this ({@link #nanoTime} value): the earliest end of the windows
   * left by the last scan. Until then a full table stays full and is not scanned again.
   */
  private volatile long nextPurgeAt;
  /**
   * How many times the table was scanned for ended windows. Read by tests only: the scan's bound
   * (once per window end, not once per request of a spray) is a cost that changes no decision,
   * so what the throttle lets through cannot show it.
   */
  private int purges;

  /**
   * Takes the values as given: {@link DebugCapture.Builder#refusalLimit} and
   * {@link DebugCapture.Builder#refusalWindow} checked them.
   *
   * @param limit refusals per window after which an address is ignored; 0 turns throttling off
   * @param window the window's length, positive
   * @param nanoTime the monotonic clock ({@code System::nanoTime} outside tests)
   */
  RefusalThrottle(int limit, Duration window, LongSupplier nanoTime) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.nextPurgeAt = nanoTime.getAsLong();
  }

  /** Whether {@code address} has used up its refusals: its header is to be ignored unchecked. */
  boolean isThrottled(String address) {
    if (limit == 0) {
      return false;
    }
    long now = nanoTime.getAsLong();
    Window window = windows.get(address);
    if (window == null) {
      return !hasRoom(now);
    }
    synchronized (window) {
      return window.count >= limit && now - window.start < windowNanos;
    }
  }

  /** Counts a refusal of {@code address}. */
  void refused(String address) {
    if (limit == 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (!windows.containsKey(address) && !hasRoom(now)) {
      return;
    }
    Window window = windows.computeIfAbsent(address, a -> new Window(now));
    synchronized (window) {
      if (now - window.start >= windowNanos) {
        window.start = now;
        window.count = 0;
      }
      window.count++;
    }
  }

  /**
   * Whether another address can be tracked now; when the table is full, forgets the ended windows
   * first, provided one can have ended since the last scan.
   */
  private boolean hasRoom(long now) {
    if (windows.size() < MAX_TRACKED) {
      return true;
    }
    if (now - nextPurgeAt < 0) {
      return false;
    }
    synchronized (this) {
      if (now - nextPurgeAt >= 0) {
        purges++;
        // A window started after this scan ends no earlier than now + window, so the earliest
        // end among the windows kept is when a scan can next free a place.
        long earliestEnd = now + windowNanos;
        for (var it = windows.values().iterator(); it.hasNext(); ) {
          Window w = it.next();
          synchronized (w) {
            long end = w.start + windowNanos;
            if (now - end >= 0) {
              it.remove();
            } else if (end - earliestEnd < 0) {
              earliestEnd = end;
            }
          }
        }
        nextPurgeAt = earliestEnd;
      }
    }
    return windows.size() < MAX_TRACKED;
  }

  /** How many times the table was scanned for ended windows. */
  synchronized int purges() {
    return purges;
  }

  private static final class Window {
    long start;
    int count;

    Window(long start) {
      this.start = start;
    }
  }
}
