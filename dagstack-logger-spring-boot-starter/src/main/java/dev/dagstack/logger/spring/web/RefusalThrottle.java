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
 * ones already throttled). Thread-safe.
 */
final class RefusalThrottle {

  /** The most addresses with a live window at once. */
  static final int MAX_TRACKED = 4096;

  private final int limit;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * Takes the values as given: {@link DebugCapture.Builder#refusalLimit} checked them.
   *
   * @param limit refusals per window after which an address is ignored; 0 turns throttling off
   * @param window the window's length, positive
   * @param nanoTime the monotonic clock ({@code System::nanoTime} outside tests)
   */
  RefusalThrottle(int limit, Duration window, LongSupplier nanoTime) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Whether {@code address} has used up its refusals: its header is to be ignored unchecked. */
  boolean isThrottled(String address) {
    if (limit == 0) {
      return false;
    }
    long now = nanoTime.getAsLong();
    Window window = windows.get(address);
    if (window == null) {
      return windows.size() >= MAX_TRACKED && !purgeExpired(now);
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
    if (windows.size() >= MAX_TRACKED && !windows.containsKey(address) && !purgeExpired(now)) {
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

  /** Forgets ended windows; whether there is room for another address now. */
  private boolean purgeExpired(long now) {
    windows.values().removeIf(w -> {
      synchronized (w) {
        return now - w.start >= windowNanos;
      }
    });
    return windows.size() < MAX_TRACKED;
  }

  private static final class Window {
    long start;
    int count;

    Window(long start) {
      this.start = start;
    }
  }
}
