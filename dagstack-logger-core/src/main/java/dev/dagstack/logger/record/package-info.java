/**
 * The data model: {@link dev.dagstack.logger.record.LogRecord}, attribute maps and their builders
 * ({@link dev.dagstack.logger.record.Attrs}), value conversion ({@link dev.dagstack.logger.record.Values}),
 * {@link dev.dagstack.logger.record.Severity}, {@link dev.dagstack.logger.record.Resource},
 * {@link dev.dagstack.logger.record.InstrumentationScope} and {@link dev.dagstack.logger.record.FlushResult}.
 *
 * <p>Layer: the lowest; imports the JDK only. Problems found while converting a value are reported through
 * the hook the diagnostic channel plugs in ({@link dev.dagstack.logger.record.Values#reportProblemsTo}).
 *
 * <p>For processor and sink authors: {@link dev.dagstack.logger.record.Values} converts values to the
 * canonical model (a custom {@code LogRecordProcessor} passes the values it adds through it), and
 * {@link dev.dagstack.logger.record.HexIds} checks trace and span ids (for a custom
 * {@code TraceContextProvider} or parser).
 *
 * <p>Spec §1 (LogRecord), §2 (severity), §4.2 (resource).
 */
package dev.dagstack.logger.record;
