package dev.dagstack.logger.diagnostic;

import dev.dagstack.logger.record.Attrs;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Describes a {@code Throwable} as the OpenTelemetry {@code exception.*} attributes (spec §3,
 * {@code Logger.exception}) in bounded time and size, whatever the throwable's own methods do.
 *
 * <p>The stack trace is laid out like {@code printStackTrace} (header, {@code \tat} frames,
 * {@code ... n more}, {@code Caused by:}, {@code Suppressed:}, {@code [CIRCULAR REFERENCE: …]}),
 * but written here, calling each accessor once and guarding each call: a {@code toString},
 * {@code getMessage}, {@code getStackTrace}, {@code getCause} or {@code getSuppressed} that throws
 * gives a placeholder for that part only. Cycles are found by identity; at most
 * {@value #MAX_THROWABLES} throwables are described (a {@code getCause} that returns a new
 * exception on each call ends there) and the text stops at {@value #MAX_TRACE_CHARS} characters,
 * each cut with a marker line.
 */
final class ExceptionDescriber {

  /** Most throwables (the exception, its causes and suppressed ones) described in one trace. */
  static final int MAX_THROWABLES = 64;

  /** Most characters of {@code exception.stacktrace}. */
  static final int MAX_TRACE_CHARS = 256 * 1024;

  private ExceptionDescriber() {}

  /**
   * {@code exception.type} (always), {@code exception.message} (when the throwable has one, or a
   * placeholder when it cannot be read) and {@code exception.stacktrace}. Never throws.
   */
  static Attrs describe(Throwable error) {
    String type = error.getClass().getName();
    String trace;
    try {
      trace = new Trace().write(error);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      trace = type + "\n\t<stack trace unavailable: " + e.getClass().getName() + ">";
    }
    String message = message(error);
    return message == null
        ? Attrs.of("exception.type", type, "exception.stacktrace", trace)
        : Attrs.of("exception.type", type, "exception.message", message,
            "exception.stacktrace", trace);
  }

  /**
   * The throwable's message, {@code null} when it has none, or a placeholder naming what
   * {@code getMessage} threw.
   */
  static String message(Throwable error) {
    try {
      return error.getMessage();
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      return "<message unavailable: getMessage threw " + e.getClass().getName() + ">";
    }
  }

  /** {@code toString()}, or the type and message (or a placeholder) when it throws. */
  static String header(Throwable error) {
    try {
      String text = error.toString();
      if (text != null) {
        return text;
      }
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      // Rebuilt below from parts that can still be read.
    }
    String message = message(error);
    String type = error.getClass().getName();
    return message == null ? type : type + ": " + message;
  }

  /** One stack trace text being written, with its bounds. */
  private static final class Trace {
    private final StringBuilder out = new StringBuilder(1024);
    private final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean full;

    String write(Throwable error) {
      seen.add(error);
      line(header(error));
      StackTraceElement[] frames = frames(error, "");
      if (frames.length > 0) {
        for (StackTraceElement frame : frames) {
          line("\tat " + frame);
        }
      }
      enclosed(error, frames, "");
      return out.toString();
    }

    /** The suppressed throwables and the cause of {@code error}. */
    private void enclosed(Throwable error, StackTraceElement[] frames, String prefix) {
      for (Throwable suppressed : suppressed(error, prefix)) {
        describe(suppressed, frames, "Suppressed: ", prefix + "\t");
      }
      Throwable cause = cause(error, prefix);
      if (cause != null) {
        describe(cause, frames, "Caused by: ", prefix);
      }
    }

    private void describe(Throwable error, StackTraceElement[] enclosingFrames, String caption,
        String prefix) {
      if (full) {
        return;
      }
      if (seen.contains(error)) {
        line(prefix + caption + "[CIRCULAR REFERENCE: " + header(error) + "]");
        return;
      }
      if (seen.size() >= MAX_THROWABLES) {
        line(prefix + "<exception chain cut after " + MAX_THROWABLES + " exceptions>");
        full = true;
        return;
      }
      seen.add(error);
      StackTraceElement[] frames = frames(error, prefix);
      int m = frames.length - 1;
      int n = enclosingFrames.length - 1;
      while (m >= 0 && n >= 0 && frames[m].equals(enclosingFrames[n])) {
        m--;
        n--;
      }
      int inCommon = frames.length - 1 - m;
      line(prefix + caption + header(error));
      for (int i = 0; i <= m; i++) {
        line(prefix + "\tat " + frames[i]);
      }
      if (inCommon != 0) {
        line(prefix + "\t... " + inCommon + " more");
      }
      enclosed(error, frames, prefix);
    }

    private StackTraceElement[] frames(Throwable error, String prefix) {
      try {
        StackTraceElement[] frames = error.getStackTrace();
        if (frames != null) {
          for (StackTraceElement frame : frames) {
            if (frame == null) {
              return new StackTraceElement[0];
            }
          }
          return frames;
        }
      } catch (RuntimeException | StackOverflowError | LinkageError e) {
        line(prefix + "\t<stack trace unavailable: getStackTrace threw " + e.getClass().getName()
            + ">");
      }
      return new StackTraceElement[0];
    }

    private Throwable[] suppressed(Throwable error, String prefix) {
      try {
        Throwable[] suppressed = error.getSuppressed();
        return suppressed == null ? new Throwable[0] : suppressed;
      } catch (RuntimeException | StackOverflowError | LinkageError e) {
        line(prefix + "\t<suppressed exceptions unavailable: getSuppressed threw "
            + e.getClass().getName() + ">");
        return new Throwable[0];
      }
    }

    private Throwable cause(Throwable error, String prefix) {
      try {
        Throwable cause = error.getCause();
        return cause == error ? null : cause;
      } catch (RuntimeException | StackOverflowError | LinkageError e) {
        line(prefix + "<cause unavailable: getCause threw " + e.getClass().getName() + ">");
        return null;
      }
    }

    private void line(String text) {
      if (full) {
        return;
      }
      if (out.length() + text.length() + 1 > MAX_TRACE_CHARS - 64) {
        int room = Math.max(0, MAX_TRACE_CHARS - 64 - out.length());
        out.append(text, 0, Math.min(room, text.length()));
        out.append("\n<stack trace cut at ").append(MAX_TRACE_CHARS).append(" characters>\n");
        full = true;
        return;
      }
      out.append(text).append('\n');
    }
  }
}
