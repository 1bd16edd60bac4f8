/**
 * The logger API: {@link dev.dagstack.logger.Logger}, {@link dev.dagstack.logger.LoggerConfiguration} and
 * {@link dev.dagstack.logger.LoggerProvider}, which holds the logger registry and the configuration in effect,
 * and the emit pipeline behind them (attribute layers, processors, redaction last, per-sink severity
 * filter, sinks).
 *
 * <p>Layer: the top of the core library; uses every package below it ({@code record}, {@code wire},
 * {@code diagnostic}, {@code processor}, {@code redaction}, {@code sink}, {@code context},
 * {@code convention}). Only {@code viewer} and {@code cli} sit above it.
 *
 * <p>Spec §3 (logger API), §6 (scoped overrides), §8 (processors), §9 (configuration, reconfiguration),
 * §10 (redaction, always last).
 */
package dev.dagstack.logger;
