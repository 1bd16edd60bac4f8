package dev.dagstack.logger.sink;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Values;
import java.util.List;

/**
 * A cheap estimate of the heap a queued record holds, in bytes, for the byte bound of a sink's
 * buffer: one pass over the body and attributes, no allocation. Strings count their length plus
 * the object headers, numbers and booleans a box, maps and lists their slots. The resource and
 * the instrumentation scope are shared by every record and not counted.
 *
 * <p>Extension SPI, for sink authors: the built-in sinks bound their buffers in these units
 * ({@code bufferBytes}, spec §7: a bounded buffer per sink), and so does the viewer's buffer; a
 * custom sink that bounds its own queue by {@link #estimate} counts the way they do. An
 * estimate, not a measurement: stable across JVMs, never negative, never throws (a record nested
 * too deeply to size on the calling thread's stack is {@link Long#MAX_VALUE}: too large for any
 * bound).
 */
public final class RecordSize {

  /** The record object, its timestamps and the references it holds. */
  private static final long RECORD = 96;
  private static final long STRING = 48;
  private static final long BOX = 16;
  private static final long CONTAINER = 32;
  private static final long SLOT = 8;

  private RecordSize() {}

  /**
   * The estimated heap, in bytes, {@code record} holds (body and attributes; shared parts not
   * counted). Linear in the number of values; allocates nothing.
   */
  public static long estimate(LogRecord record) {
    try {
      return RECORD + value(record.body()) + map(record.attributes());
    } catch (StackOverflowError e) {
      return Long.MAX_VALUE;
    }
  }

  /** The heap a record's encoded line holds, queued in the record's place: the array's bytes. */
  static long line(byte[] line) {
    return BOX + line.length;
  }

  private static long map(Attrs attributes) {
    int n = attributes.size();
    if (n == 0) {
      return 0;
    }
    long size = CONTAINER + 2 * SLOT * n;
    for (int i = 0; i < n; i++) {
      size += STRING + attributes.keyAt(i).length() + value(attributes.valueAt(i));
    }
    return size;
  }

  /**
   * The scalars are told apart ({@link Values#isScalar}) before any interface test: on the JDKs
   * before 21 a failed {@code instanceof List} on a {@code Long} scans the class's secondary
   * supertypes, which made this estimate cost more than the rest of the enqueue.
   */
  private static long value(Object value) {
    if (value instanceof String) {
      return STRING + ((String) value).length();
    }
    if (Values.isScalar(value)) {
      return value == null ? 0 : BOX;
    }
    return container(value);
  }

  /** Maps, lists and anything else: off the common path, so {@link #value} stays small. */
  private static long container(Object value) {
    if (value instanceof Attrs) {
      return map((Attrs) value);
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      long size = CONTAINER + SLOT * list.size();
      for (int i = 0, n = list.size(); i < n; i++) {
        size += value(list.get(i));
      }
      return size;
    }
    return BOX;
  }
}
