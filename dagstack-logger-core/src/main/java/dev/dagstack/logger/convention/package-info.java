/**
 * The semantic conventions over attributes: operations
 * ({@link dev.dagstack.logger.convention.Operation}), typed events and their schemas, progress, and the
 * optional AI-agent pack. They write through a {@link dev.dagstack.logger.convention.ConventionLogger},
 * which {@link dev.dagstack.logger.Logger} implements.
 *
 * <p>Layer: above {@code context}; below the root package, which it reaches only through
 * {@code ConventionLogger}.
 *
 * <p>Spec §5.1 (operations), §5.2 (typed events), §5.3 (progress), §5.4 (metadata hints), §5.5 (AI-agent pack).
 */
package dev.dagstack.logger.convention;
