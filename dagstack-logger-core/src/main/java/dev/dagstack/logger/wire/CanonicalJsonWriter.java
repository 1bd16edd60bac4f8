package dev.dagstack.logger.wire;

import dev.dagstack.logger.Attrs;
import dev.dagstack.logger.internal.PythonFloat;
import dev.dagstack.logger.internal.ShortestDouble;
import dev.dagstack.logger.record.Values;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Canonical JSON (spec §1) written as UTF-8 straight into a growable byte array: object keys
 * sorted by UTF-16 code units, no whitespace, the canonical escape set, Python-repr doubles.
 * Sorting uses an index stack kept here, so steady-state writing allocates nothing. Not
 * thread-safe.
 */
final class CanonicalJsonWriter {

  /** Deeper values are written as a marker string, so a pathological value cannot overflow the stack. */
  static final int MAX_DEPTH = 512;

  private static final int INITIAL_CAPACITY = 1024;
  /** A buffer grown beyond this by one huge record is dropped on {@link #reset()}. */
  private static final int RETAINED_CAPACITY = 1 << 20;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.ISO_8859_1);

  private byte[] buffer = new byte[INITIAL_CAPACITY];
  private int size;
  /** Attribute indexes of the maps being written, innermost last; also the merge-sort scratch. */
  private int[] order = new int[64];
  private int orderTop;
  private final ShortestDouble digits = new ShortestDouble();

  int size() {
    return size;
  }

  void reset() {
    size = 0;
    if (buffer.length > RETAINED_CAPACITY) {
      buffer = new byte[INITIAL_CAPACITY];
    }
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(buffer, 0, size);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  String toUtf8String(int from) {
    return new String(buffer, from, size - from, StandardCharsets.UTF_8);
  }

  void truncate(int newSize) {
    size = newSize;
  }

  void writeByte(char c) {
    ensure(1);
    buffer[size++] = (byte) c;
  }

  /** Writes ASCII text as it is (keys and punctuation of the record layout). */
  void writeAscii(String ascii) {
    int length = ascii.length();
    ensure(length);
    for (int i = 0; i < length; i++) {
      buffer[size++] = (byte) ascii.charAt(i);
    }
  }

  void writeLong(long value) {
    if (value == Long.MIN_VALUE) {
      ensure(LONG_MIN.length);
      System.arraycopy(LONG_MIN, 0, buffer, size, LONG_MIN.length);
      size += LONG_MIN.length;
      return;
    }
    ensure(20);
    if (value < 0) {
      buffer[size++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    int end = size + digits;
    for (int i = end - 1; i >= size; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    size = end;
  }

  /** A finite double in Python repr layout; NaN and infinities as the strings of spec §1. */
  void writeDouble(double value) {
    if (Double.isNaN(value)) {
      writeAscii("\"NaN\"");
    } else if (value == Double.POSITIVE_INFINITY) {
      writeAscii("\"Infinity\"");
    } else if (value == Double.NEGATIVE_INFINITY) {
      writeAscii("\"-Infinity\"");
    } else {
      ensure(PythonFloat.MAX_LENGTH);
      size = PythonFloat.write(value, digits, buffer, size);
    }
  }

  /** A JSON string: the canonical escapes, everything else raw UTF-8, lone surrogates escaped. */
  void writeString(String value) {
    int length = value.length();
    ensure(length + 2);
    buffer[size++] = '"';
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        if (size == buffer.length) {
          grow(1);
        }
        buffer[size++] = (byte) c;
        continue;
      }
      ensure(12);
      if (c < 0x80) {
        writeAsciiEscape(c);
      } else if (c < 0x800) {
        buffer[size++] = (byte) (0xc0 | c >> 6);
        buffer[size++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isHighSurrogate(c) && i + 1 < length
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, value.charAt(++i));
        buffer[size++] = (byte) (0xf0 | codePoint >> 18);
        buffer[size++] = (byte) (0x80 | codePoint >> 12 & 0x3f);
        buffer[size++] = (byte) (0x80 | codePoint >> 6 & 0x3f);
        buffer[size++] = (byte) (0x80 | codePoint & 0x3f);
      } else if (Character.isSurrogate(c)) {
        writeUnicodeEscape(c);
      } else {
        buffer[size++] = (byte) (0xe0 | c >> 12);
        buffer[size++] = (byte) (0x80 | c >> 6 & 0x3f);
        buffer[size++] = (byte) (0x80 | c & 0x3f);
      }
    }
    ensure(1);
    buffer[size++] = '"';
  }

  private void writeAsciiEscape(char c) {
    switch (c) {
      case '"':
        buffer[size++] = '\\';
        buffer[size++] = '"';
        break;
      case '\\':
        buffer[size++] = '\\';
        buffer[size++] = '\\';
        break;
      case '\b':
        buffer[size++] = '\\';
        buffer[size++] = 'b';
        break;
      case '\f':
        buffer[size++] = '\\';
        buffer[size++] = 'f';
        break;
      case '\n':
        buffer[size++] = '\\';
        buffer[size++] = 'n';
        break;
      case '\r':
        buffer[size++] = '\\';
        buffer[size++] = 'r';
        break;
      case '\t':
        buffer[size++] = '\\';
        buffer[size++] = 't';
        break;
      default:
        writeUnicodeEscape(c);
    }
  }

  private void writeUnicodeEscape(char c) {
    buffer[size++] = '\\';
    buffer[size++] = 'u';
    buffer[size++] = HEX[c >> 12];
    buffer[size++] = HEX[c >> 8 & 0xf];
    buffer[size++] = HEX[c >> 4 & 0xf];
    buffer[size++] = HEX[c & 0xf];
  }

  /** Any value; a non-canonical one is converted first (and cannot form a cycle after that). */
  void writeValue(Object value) {
    writeValue(value, 0);
  }

  private void writeValue(Object value, int depth) {
    if (value == null) {
      writeAscii("null");
    } else if (value instanceof String) {
      writeString((String) value);
    } else if (value instanceof Long) {
      writeLong((Long) value);
    } else if (value instanceof Double) {
      writeDouble((Double) value);
    } else if (value instanceof Boolean) {
      writeAscii((Boolean) value ? "true" : "false");
    } else if (depth >= MAX_DEPTH && (value instanceof Attrs || value instanceof List)) {
      writeString(Values.DEPTH_EXCEEDED);
    } else if (value instanceof Attrs) {
      writeObject((Attrs) value, depth);
    } else if (value instanceof List && Values.isCanonical(value)) {
      List<?> list = (List<?>) value;
      writeByte('[');
      for (int i = 0, n = list.size(); i < n; i++) {
        if (i > 0) {
          writeByte(',');
        }
        writeValue(list.get(i), depth + 1);
      }
      writeByte(']');
    } else {
      Object canonical = Values.canonical(value);
      if (canonical == value || canonical instanceof List && !Values.isCanonical(canonical)) {
        writeString(String.valueOf(value));
      } else {
        writeValue(canonical, depth);
      }
    }
  }

  /** An attribute map with keys in UTF-16 order. */
  void writeObject(Attrs attrs) {
    writeObject(attrs, 0);
  }

  private void writeObject(Attrs attrs, int depth) {
    int n = attrs.size();
    writeByte('{');
    if (n == 0) {
      writeByte('}');
      return;
    }
    int base = pushSortedIndexes(attrs);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        writeByte(',');
      }
      int index = order[base + i];
      writeString(attrs.keyAt(index));
      writeByte(':');
      writeValue(attrs.valueAt(index), depth + 1);
    }
    orderTop = base;
    writeByte('}');
  }

  /**
   * Pushes the indexes of {@code attrs} sorted by key onto the index stack and returns where
   * they start; the caller pops them by resetting {@code orderTop}.
   */
  private int pushSortedIndexes(Attrs attrs) {
    int n = attrs.size();
    int base = orderTop;
    if (base + 2 * n > order.length) {
      order = Arrays.copyOf(order, Math.max(order.length * 2, base + 2 * n));
    }
    for (int i = 0; i < n; i++) {
      order[base + i] = i;
    }
    if (n <= 16) {
      insertionSort(attrs, base, base + n);
    } else {
      mergeSort(attrs, base, n);
    }
    orderTop = base + n;
    return base;
  }

  private void insertionSort(Attrs attrs, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      int index = order[i];
      String key = attrs.keyAt(index);
      int j = i - 1;
      while (j >= from && attrs.keyAt(order[j]).compareTo(key) > 0) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = index;
    }
  }

  /** Bottom-up merge sort of order[base, base+n) using order[base+n, base+2n) as scratch. */
  private void mergeSort(Attrs attrs, int base, int n) {
    final int run = 16;
    for (int start = 0; start < n; start += run) {
      insertionSort(attrs, base + start, base + Math.min(start + run, n));
    }
    int from = base;
    int to = base + n;
    for (int width = run; width < n; width *= 2) {
      for (int left = 0; left < n; left += 2 * width) {
        int mid = Math.min(left + width, n);
        int right = Math.min(left + 2 * width, n);
        int i = from + left;
        int j = from + mid;
        int k = to + left;
        while (i < from + mid && j < from + right) {
          order[k++] = attrs.keyAt(order[i]).compareTo(attrs.keyAt(order[j])) <= 0
              ? order[i++] : order[j++];
        }
        while (i < from + mid) {
          order[k++] = order[i++];
        }
        while (j < from + right) {
          order[k++] = order[j++];
        }
      }
      int swap = from;
      from = to;
      to = swap;
    }
    if (from != base) {
      System.arraycopy(order, from, order, base, n);
    }
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      grow(extra);
    }
  }

  private void grow(int extra) {
    int needed = size + extra;
    if (needed < 0) {
      throw new OutOfMemoryError("encoded record larger than 2 GiB");
    }
    buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
  }
}
