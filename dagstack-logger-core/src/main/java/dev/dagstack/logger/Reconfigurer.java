package dev.dagstack.logger;

import dev.dagstack.logger.diagnostic.Diagnostics;
import dev.dagstack.logger.diagnostic.EmitGuard;
import dev.dagstack.logger.processor.LogRecordProcessor;
import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.sink.Sink;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reconfiguration (spec §9.3): validate, swap atomically, let the emits that read the old
 * configuration finish on it, then retire what the new one no longer uses. Reconfigurations run
 * one at a time; emits never wait for them.
 */
final class Reconfigurer {

  /** How long a reconfiguration waits for emits on the old configuration (they never block on I/O). */
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Sinks closed because a reconfiguration retired them; weak, so they can still be collected. */
  private static final Set<Sink> RETIRED =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private Reconfigurer() {}

  static void apply(LoggerProvider provider, Supplier<? extends LoggerConfiguration> build) {
    synchronized (provider.reconfigureLock) {
      LoggerConfiguration next;
      try {
        if (build == null) {
          throw new IllegalArgumentException("configuration must not be null");
        }
        next = build.get();
        if (next == null) {
          throw new IllegalArgumentException("configuration must not be null");
        }
        validate(provider, next);
      } catch (RuntimeException e) {
        provider.rejected.increment();
        // The message names the problem; a validation failure's stack trace would only add noise.
        Diagnostics.warn("reconfiguration rejected, the running configuration stays: "
            + e.getMessage(), Attrs.of("reconfigure.result", ReconfigureResult.REJECTED.tag(),
                "exception.type", e.getClass().getName()));
        throw e;
      }
      ResolvedConfiguration previous = provider.swap(next);
      provider.applied.increment();
      if (next.redaction().disablesMasking()) {
        Diagnostics.warn("redaction disabled: replace_defaults is true and extra_suffixes is"
            + " empty, so no attribute is masked", Attrs.of("redaction.replace_defaults", true));
      }
      provider.resolved().bodyPrivacy().reportSwitches();
      retire(previous, provider.resolved());
    }
  }

  /** Rejects sinks that an earlier reconfiguration closed: they would drop every record. */
  private static void validate(LoggerProvider provider, LoggerConfiguration next) {
    Set<Sink> current = provider.resolved().allSinks();
    for (Sink sink : new ResolvedConfiguration(next, provider.environment, provider).allSinks()) {
      if (!current.contains(sink) && RETIRED.contains(sink)) {
        throw new IllegalArgumentException("sink '" + sink.id() + "' was closed when an earlier"
            + " reconfiguration retired it; configure a new sink instead");
      }
    }
  }

  private static void retire(ResolvedConfiguration previous, ResolvedConfiguration next) {
    // Every emit that read the previous configuration has reached its sinks (LoggerState.flight).
    if (!EmitGuard.awaitNoFlight(previous, System.nanoTime() + DRAIN_NANOS)) {
      Diagnostics.warn("emits on the previous configuration were still running after "
          + TimeUnit.NANOSECONDS.toSeconds(DRAIN_NANOS) + "s; its sinks are closed anyway");
    }
    Set<Sink> retired = previous.allSinks();
    retired.removeAll(next.allSinks());
    // Close calls flush first (Sink contract).
    for (Sink sink : retired) {
      LoggerProvider.closeQuietly(sink);
      RETIRED.add(sink);
    }
    Set<LogRecordProcessor> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    kept.addAll(next.configuration.processors().processors());
    for (LogRecordProcessor processor : previous.configuration.processors().processors()) {
      if (!kept.contains(processor)) {
        try {
          processor.shutdown();
        } catch (RuntimeException | LinkageError e) {
          Diagnostics.error("processor '" + processor.name() + "' threw while shutting down", e,
              Attrs.of("processor.name", processor.name()));
        }
      }
    }
  }
}
