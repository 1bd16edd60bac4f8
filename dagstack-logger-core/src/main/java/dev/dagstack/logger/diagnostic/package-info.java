/**
 * The {@code dagstack.logger.internal} diagnostic channel
 * ({@link dev.dagstack.logger.diagnostic.Diagnostics}): the logger's own warnings and errors, rate-limited,
 * written as canonical JSON lines to standard error; and the re-entrancy guard of the emit pipeline
 * ({@link dev.dagstack.logger.diagnostic.EmitGuard}).
 *
 * <p>Layer: above {@code record} and {@code wire} (it encodes its own lines). Higher layers report here
 * directly and plug in what the channel needs from them (held-back drop counts); the record layer reaches
 * it through a hook.
 *
 * <p>{@link dev.dagstack.logger.diagnostic.EmitGuard} is not part of the supported API: public only for
 * the root and {@code sink} packages.
 *
 * <p>Spec §7.4 (the diagnostic channel).
 */
package dev.dagstack.logger.diagnostic;
