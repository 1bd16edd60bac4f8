/**
 * The live log viewer: a small loopback HTTP server with its page, a bounded buffer fed by a tap or by
 * following a file, and its filters.
 *
 * <p>Layer: above the core library's record, wire, sink and context packages; nothing below imports it.
 *
 * <p>{@link dev.dagstack.logger.viewer.ViewerApi}, {@link dev.dagstack.logger.viewer.HostCheck} and
 * {@link dev.dagstack.logger.viewer.FileFollower} are not part of the supported API: public only for the
 * {@code cli} package and the Spring Boot starter, which host the viewer.
 *
 * <p>Tooling over spec §1 (reads the JSON-lines wire) and §5.4 (metadata hints for rendering).
 */
package dev.dagstack.logger.viewer;
