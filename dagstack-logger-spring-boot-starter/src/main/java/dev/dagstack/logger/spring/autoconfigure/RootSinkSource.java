package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.sink.Sink;

/**
 * A bean of the starter that attaches a sink of its own to the root logger without being a
 * {@link Sink} bean (so the application's {@code List<Sink>} and the sink listings do not show
 * it), e.g. the emitted-records meter.
 */
interface RootSinkSource {

  /** The sink to attach to the root logger. */
  Sink rootSink();
}
