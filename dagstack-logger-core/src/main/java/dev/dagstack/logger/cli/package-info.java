/**
 * The operator's command line ({@code java -jar dagstack-logger-core.jar}): pretty-print, convert and
 * view dagstack JSON-lines files.
 *
 * <p>Layer: the top; uses {@code viewer}, {@code wire}, {@code sink} and {@code record}.
 *
 * <p>Tooling over spec §1 and §12 of the contract (wire formats).
 */
package dev.dagstack.logger.cli;
