package dev.dagstack.logger.record;


/**
 * The entity producing records: process-wide attributes such as {@code service.name}
 * (spec §4.2). Written on the wire as {@code {"attributes":{…}}} when it has any.
 *
 * @param attributes the resource attributes, never {@code null}
 */
public record Resource(Attrs attributes) {

  private static final Resource EMPTY = new Resource(Attrs.empty());

  /** Replaces {@code null} with no attributes. */
  public Resource {
    if (attributes == null) {
      attributes = Attrs.empty();
    }
  }

  /** The resource without attributes. */
  public static Resource empty() {
    return EMPTY;
  }

  /** A resource with the given attributes. */
  public static Resource of(Attrs attributes) {
    return attributes == null || attributes.isEmpty() ? EMPTY : new Resource(attributes);
  }
}
