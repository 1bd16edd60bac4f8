package dev.dagstack.logger;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.FlushResult;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.sink.ConsoleSink;
import dev.dagstack.logger.sink.Sink;
import java.time.Duration;

/**
 * The sink of the unconfigured logger: {@code ConsoleSink.auto()}, created on the first record,
 * so that an application that configures at startup never starts a console worker it does not
 * use. If the console sink cannot be created, records are dropped and that is reported once.
 */
final class DefaultConsoleSink implements Sink {

  private static final Sink UNAVAILABLE = new Sink() {
    @Override
    public String id() {
      return "console:auto";
    }

    @Override
    public void emit(LogRecord record) {}

    @Override
    public FlushResult flush(Duration timeout) {
      return FlushResult.ok();
    }

    @Override
    public void close() {}

    @Override
    public boolean supportsSeverity(int severityNumber) {
      return false;
    }
  };

  private volatile Sink delegate;
  private boolean closed;

  @Override
  public String id() {
    return "console:auto";
  }

  private Sink delegate() {
    Sink sink = delegate;
    if (sink != null) {
      return sink;
    }
    synchronized (this) {
      if (delegate == null) {
        if (closed) {
          return UNAVAILABLE;
        }
        try {
          delegate = ConsoleSink.auto();
        } catch (RuntimeException | LinkageError e) {
          Diagnostics.error("the default console sink could not be created; records are dropped"
              + " until Logger.configure sets sinks", e, Attrs.empty());
          delegate = UNAVAILABLE;
        }
      }
      return delegate;
    }
  }

  @Override
  public void emit(LogRecord record) {
    delegate().emit(record);
  }

  @Override
  public FlushResult flush(Duration timeout) {
    Sink sink = delegate;
    return sink == null ? FlushResult.ok() : sink.flush(timeout);
  }

  @Override
  public void close() {
    Sink sink;
    synchronized (this) {
      closed = true;
      sink = delegate;
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Override
  public boolean supportsSeverity(int severityNumber) {
    return delegate().supportsSeverity(severityNumber);
  }

  @Override
  public String toString() {
    return "ConsoleSink.auto()";
  }
}
