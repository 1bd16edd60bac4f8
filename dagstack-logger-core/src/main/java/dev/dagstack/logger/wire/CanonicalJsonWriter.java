package dev.dagstack.logger.wire;

import dev.dagstack.logger.record.Attrs;
import dev.dagstack.logger.record.Values;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Canonical JSON (spec §1) written as UTF-8 straight into a growable byte array: object keys
 * sorted by UTF-16 code units, no whitespace, the canonical escape set, Python-repr doubles.
 * Sorting uses an index stack kept here, so steady-state writing allocates nothing. Not
 * thread-safe.
 */
final class CanonicalJsonWriter {

  /**
   * Deeper values are written as a marker string, so a pathological value cannot overflow the
   * stack; the same limit as the converter's and the parser's, so every line written parses.
   */
  static final int MAX_DEPTH = Values.MAX_DEPTH;

  private static final int INITIAL_CAPACITY = 1024;
  /** A buffer grown beyond this by one huge record is dropped on {@link #reset()}. */
  private static final int RETAINED_CAPACITY = 1 << 20;
  private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.ISO_8859_1);
  /** 10^0 .. 10^18: the digit count of a non-negative long is one plus the powers it reaches. */
  private static final long[] POWERS_OF_TEN = new long[19];
  /** The tens and ones digit of 0..99. */
  private static final byte[] DIGIT_TENS = new byte[100];
  private static final byte[] DIGIT_ONES = new byte[100];
  /** ASCII characters written as they are inside a JSON string. */
  private static final boolean[] PLAIN_ASCII = new boolean[0x80];

  static {
    long power = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = power;
      power *= 10;
    }
    for (int i = 0; i < 100; i++) {
      DIGIT_TENS[i] = (byte) ('0' + i / 10);
      DIGIT_ONES[i] = (byte) ('0' + i % 10);
    }
    for (char c = 0x20; c < 0x80; c++) {
      PLAIN_ASCII[c] = c != '"' && c != '\\';
    }
  }

  private byte[] buffer = new byte[INITIAL_CAPACITY];
  private int size;
  /** Attribute indexes of the maps being written, innermost last; also the merge-sort scratch. */
  private int[] order = new int[64];
  private int orderTop;
  private final ShortestDouble digits = new ShortestDouble();
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  /** The whole seconds of the last timestamp written and their digits (see writeUnixNano). */
  private long lastSeconds = -1;
  private final byte[] lastSecondsDigits = new byte[20];
  private int lastSecondsLength;
  /**
   * The last timestamp written and where its digits are in the buffer (-1: not there any more):
   * a batch's records share the observed time the worker read for the batch.
   */
  private long lastUnixNano = -1;
  private int lastUnixNanoAt = -1;
  private int lastUnixNanoLength;
  private static final int FRAGMENT_SLOTS = 256;
  /**
   * Null until the first remembered fragment. At most {@value #FRAGMENT_SLOTS} owners and their
   * bytes are kept for the writer's life, never evicted: owners new on every record fill the
   * slots and are then written each time.
   */
  private Object[] fragmentOwners;
  private byte[][] fragments;
  private static final int ORDER_SLOTS = 64;
  private static final int LONGEST_REMEMBERED_ORDER = 32;
  private final String[][] orderKeys = new String[ORDER_SLOTS][];
  private final int[][] orders = new int[ORDER_SLOTS][];
  /**
   * Per remembered order, each key's {@code "key":} in key order, with the comma before all but
   * the first, and the key's slot in the key table: a map of a remembered key sequence is
   * written as these segments and its values, without looking its keys up one by one.
   */
  private final byte[][][] orderSegments = new byte[ORDER_SLOTS][][];
  private final int[][] orderKeySlots = new int[ORDER_SLOTS][];
  /** The remembered order the last {@link #pushSortedIndexes} used, or -1. */
  private int lastOrderSlot = -1;
  private static final int KEY_SLOTS = 256;
  private static final int LONGEST_REMEMBERED_KEY = 64;
  private final String[] keys = new String[KEY_SLOTS];
  private final byte[][] encodedKeys = new byte[KEY_SLOTS][];
  /** Scratch for the characters of a string being written; longer strings are read in place. */
  private final char[] chars = new char[1024];

  int size() {
    return size;
  }

  void reset() {
    size = 0;
    lastUnixNanoAt = -1;
    // An encoding that threw (a stack overflow deep in a value) left its key orders pushed.
    orderTop = 0;
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
    lastUnixNanoAt = -1;
  }

  void writeByte(char c) {
    ensure(1);
    buffer[size++] = (byte) c;
  }

  /** Writes bytes as they are. */
  void writeRaw(byte[] bytes) {
    writeRaw(bytes, bytes.length);
  }

  /** Writes the first {@code length} bytes of {@code bytes} as they are. */
  private void writeRaw(byte[] bytes, int length) {
    writeRaw(bytes, 0, length);
  }

  private void writeRaw(byte[] bytes, int from, int length) {
    ensure(length);
    System.arraycopy(bytes, from, buffer, size, length);
    size += length;
  }

  /** The bytes after a deferred line's text: where its observed time goes, or -1 for none. */
  private static final int DEFERRED_TRAILER = 4;
  /**
   * The digits a deferred line holds for its observed time: as many as every time from 2001 to
   * 2286 has, so the worker writes the real ones over them in place.
   */
  private static final byte[] TIME_PLACEHOLDER =
      "0000000000000000000".getBytes(StandardCharsets.US_ASCII);
  /** The smallest time with as many digits as the placeholder (10^18). */
  private static final long SMALLEST_PLACEHOLDER_TIME = 1_000_000_000_000_000_000L;
  /** The longest a time's digits can be: a negative count. */
  private static final int LONGEST_TIME = 20;

  /**
   * Writes the placeholder of a deferred observed time and returns where it is, for
   * {@link #toDeferredLine}.
   */
  int writeTimePlaceholder() {
    int at = size;
    writeRaw(TIME_PLACEHOLDER);
    return at;
  }

  /**
   * Ends the buffer's one record with a line feed and returns a copy as a deferred line: the
   * text, with the placeholder of the observed time at {@code observedAt} (-1: none to write),
   * followed by that position (see {@link #writeDeferred}); or {@code null} when the line could
   * become longer than {@code maxLineBytes} (without its feed) with the longest time.
   */
  byte[] toDeferredLine(int observedAt, int maxLineBytes) {
    writeByte('\n');
    if (size - 1 + (observedAt < 0 ? 0 : LONGEST_TIME - TIME_PLACEHOLDER.length) > maxLineBytes) {
      return null;
    }
    byte[] deferred = Arrays.copyOf(buffer, size + DEFERRED_TRAILER);
    for (int i = 0; i < DEFERRED_TRAILER; i++) {
      deferred[size + i] = (byte) (observedAt >>> (24 - 8 * i));
    }
    return deferred;
  }

  /** Writes a line {@link #toDeferredLine} made, with {@code observed}'s digits where they go. */
  void writeDeferred(byte[] deferred, long observed) {
    int length = deferred.length - DEFERRED_TRAILER;
    int at = 0;
    for (int i = 0; i < DEFERRED_TRAILER; i++) {
      at = at << 8 | deferred[length + i] & 0xff;
    }
    int start = size;
    if (at < 0) {
      writeRaw(deferred, 0, length);
    } else if (observed >= SMALLEST_PLACEHOLDER_TIME) {
      // One copy, then the digits over the placeholder (writeUnixNano writes where size is).
      writeRaw(deferred, 0, length);
      int end = size;
      size = start + at;
      writeUnixNano(observed);
      size = end;
    } else {
      writeRaw(deferred, 0, at);
      writeUnixNano(observed);
      int after = at + TIME_PLACEHOLDER.length;
      writeRaw(deferred, after, length - after);
    }
  }

  /**
   * Writes what {@code part} writes for {@code owner}, an immutable value (a record's scope or
   * resource): the bytes are remembered by the owner's identity, since every record of a logger
   * carries the same instances. Slots are filled once and kept, as for keys; an owner may take
   * either of two slots chosen by its identity hash, so two owners whose first slots collide (the
   * resource and a scope, say: then every record encoded the resource again) are both kept.
   */
  <T> void writeRemembered(T owner, BiConsumer<CanonicalJsonWriter, T> part) {
    if (fragmentOwners == null) {
      // The array the check reads is published last: an OutOfMemoryError in between leaves the
      // writer as it was, not half set up.
      fragments = new byte[FRAGMENT_SLOTS][];
      fragmentOwners = new Object[FRAGMENT_SLOTS];
    }
    int hash = System.identityHashCode(owner);
    int first = hash & (FRAGMENT_SLOTS - 1);
    if (fragmentOwners[first] == owner) {
      writeRaw(fragments[first]);
      return;
    }
    int second = (hash >>> 8) & (FRAGMENT_SLOTS - 1);
    if (fragmentOwners[second] == owner) {
      writeRaw(fragments[second]);
      return;
    }
    int start = size;
    part.accept(this, owner);
    int free = fragmentOwners[first] == null ? first : fragmentOwners[second] == null ? second : -1;
    if (free >= 0) {
      fragmentOwners[free] = owner;
      fragments[free] = Arrays.copyOfRange(buffer, start, size);
    }
  }

  /** Writes ASCII text as it is (keys and punctuation of the record layout). */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is exact for ASCII
  void writeAscii(String ascii) {
    int length = ascii.length();
    ensure(length);
    // One bulk copy (an arraycopy for a compact string) instead of a charAt per character.
    ascii.getBytes(0, length, buffer, size);
    size += length;
  }

  void writeLong(long value) {
    if (value == Long.MIN_VALUE) {
      writeRaw(LONG_MIN);
      return;
    }
    ensure(20);
    if (value < 0) {
      buffer[size++] = '-';
      value = -value;
    }
    // Two digits per division, and int arithmetic once the rest fits: nanosecond timestamps
    // (19 digits, two per record) made the digit-by-digit long divisions the top frame.
    int digits = 1;
    while (digits < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[digits]) {
      digits++;
    }
    int pos = size + digits;
    size = pos;
    byte[] buf = buffer;
    while (value > Integer.MAX_VALUE) {
      long quotient = value / 100;
      int pair = (int) (value - quotient * 100);
      value = quotient;
      buf[--pos] = DIGIT_ONES[pair];
      buf[--pos] = DIGIT_TENS[pair];
    }
    int rest = (int) value;
    while (rest >= 100) {
      int quotient = rest / 100;
      int pair = rest - quotient * 100;
      rest = quotient;
      buf[--pos] = DIGIT_ONES[pair];
      buf[--pos] = DIGIT_TENS[pair];
    }
    if (rest >= 10) {
      buf[--pos] = DIGIT_ONES[rest];
      buf[--pos] = DIGIT_TENS[rest];
    } else {
      buf[--pos] = (byte) ('0' + rest);
    }
  }

  /**
   * A timestamp in nanoseconds since the Unix epoch, as {@link #writeLong} writes it. The digits
   * of its whole seconds are kept from the previous timestamp when they are the same, as they
   * are for the two timestamps of a record and for the records of one batch: two 19-digit
   * numbers per record were the larger part of the number formatting.
   */
  void writeUnixNano(long value) {
    if (value < NANOS_PER_SECOND) {
      writeLong(value);
      return;
    }
    if (value == lastUnixNano && lastUnixNanoAt >= 0) {
      // Copied from where it was written: the buffer holds it until the next reset or truncate.
      ensure(lastUnixNanoLength);
      System.arraycopy(buffer, lastUnixNanoAt, buffer, size, lastUnixNanoLength);
      size += lastUnixNanoLength;
      return;
    }
    int start = size;
    writeSecondsAndNanos(value);
    lastUnixNano = value;
    lastUnixNanoAt = start;
    lastUnixNanoLength = size - start;
  }

  private void writeSecondsAndNanos(long value) {
    long seconds = value / NANOS_PER_SECOND;
    int nanos = (int) (value - seconds * NANOS_PER_SECOND);
    if (seconds == lastSeconds) {
      writeRaw(lastSecondsDigits, lastSecondsLength);
    } else {
      int start = size;
      writeLong(seconds);
      lastSecondsLength = size - start;
      System.arraycopy(buffer, start, lastSecondsDigits, 0, lastSecondsLength);
      lastSeconds = seconds;
    }
    ensure(9);
    // The nanoseconds: nine digits, zero-padded.
    byte[] buf = buffer;
    int pos = size + 9;
    size = pos;
    int rest = nanos;
    for (int i = 0; i < 4; i++) {
      int quotient = rest / 100;
      int pair = rest - quotient * 100;
      rest = quotient;
      buf[--pos] = DIGIT_ONES[pair];
      buf[--pos] = DIGIT_TENS[pair];
    }
    buf[--pos] = (byte) ('0' + rest);
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
    // Plain ASCII (nearly every key and value) in a tight loop over a bulk copy of the chars:
    // String.charAt checks the string's coder and the index on every call. Room is ensured above.
    int i = 0;
    int pos = size;
    byte[] buf = buffer;
    if (length <= chars.length) {
      char[] copy = chars;
      value.getChars(0, length, copy, 0);
      while (i < length) {
        char c = copy[i];
        if (c >= 0x80 || !PLAIN_ASCII[c]) {
          break;
        }
        buf[pos++] = (byte) c;
        i++;
      }
    } else {
      while (i < length) {
        char c = value.charAt(i);
        if (c >= 0x80 || !PLAIN_ASCII[c]) {
          break;
        }
        buf[pos++] = (byte) c;
        i++;
      }
    }
    size = pos;
    for (; i < length; i++) {
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
    byte letter = JsonEscapes.shortEscape(c);
    if (letter != 0) {
      buffer[size++] = '\\';
      buffer[size++] = letter;
    } else {
      writeUnicodeEscape(c);
    }
  }

  private void writeUnicodeEscape(char c) {
    buffer[size++] = '\\';
    buffer[size++] = 'u';
    buffer[size++] = JsonEscapes.HEX[c >> 12];
    buffer[size++] = JsonEscapes.HEX[c >> 8 & 0xf];
    buffer[size++] = JsonEscapes.HEX[c >> 4 & 0xf];
    buffer[size++] = JsonEscapes.HEX[c & 0xf];
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
      writeString(Values.cutAtDepth(MAX_DEPTH));
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
    int remembered = lastOrderSlot;
    if (remembered >= 0) {
      byte[][] segments = orderSegments[remembered];
      int[] keySlots = orderKeySlots[remembered];
      for (int i = 0; i < n; i++) {
        writeRaw(segments[i]);
        writeAttributeValue(keySlots[i], attrs.valueAt(order[base + i]), depth);
      }
    } else {
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          writeByte(',');
        }
        int index = order[base + i];
        writeAttributeValue(writeKey(attrs.keyAt(index)), attrs.valueAt(index), depth);
      }
    }
    orderTop = base;
    writeByte('}');
  }

  private void writeAttributeValue(int keySlot, Object value, int depth) {
    if (value instanceof String) {
      writeStringValue(keySlot, (String) value);
    } else {
      writeValue(value, depth + 1);
    }
  }

  /** {@code "key":} of each key of {@code sortedKeys}, with a comma before all but the first. */
  private byte[][] keySegments(String[] sortedKeys) {
    byte[][] segments = new byte[sortedKeys.length][];
    int start = size;
    for (int i = 0; i < sortedKeys.length; i++) {
      if (i > 0) {
        writeByte(',');
      }
      writeString(sortedKeys[i]);
      writeByte(':');
      segments[i] = Arrays.copyOfRange(buffer, start, size);
      size = start;
    }
    return segments;
  }

  /**
   * Writes {@code "key":}. The encoded form of keys seen before is copied from a table by key
   * hash: records repeat the same keys, and escaping them again was a good part of the work. A
   * slot is filled once and kept (keys up to {@value #LONGEST_REMEMBERED_KEY} characters), so
   * keys of high cardinality cost no allocation per record and do not evict the usual ones.
   */
  private int writeKey(String key) {
    int slot = key.hashCode() & (KEY_SLOTS - 1);
    String known = keys[slot];
    if (known == key || (known != null && known.equals(key))) {
      writeRaw(encodedKeys[slot]);
      return slot;
    }
    int start = size;
    writeString(key);
    writeByte(':');
    if (known == null && key.length() <= LONGEST_REMEMBERED_KEY) {
      keys[slot] = key;
      encodedKeys[slot] = Arrays.copyOfRange(buffer, start, size);
    }
    return slot;
  }

  /** Strings this long or longer may be remembered by {@link #writeStringValue}. */
  private static final int SHORTEST_REMEMBERED_VALUE = 16;
  /** Encoded values (quotes included) up to this many bytes are remembered. */
  private static final int LONGEST_REMEMBERED_VALUE = 160;
  /** Values remembered per key slot: the threads whose names interleave in one batch. */
  private static final int VALUE_WAYS = 4;
  /** A way whose value encodes to more than LONGEST_REMEMBERED_VALUE bytes. */
  private static final int TOO_LONG = -1;
  /**
   * Per key slot, the string values seen, their encoded bytes and lengths (0: seen once, not kept
   * yet); all null until the writer first writes a string value of 16 or more characters.
   */
  private String[][] valueOwners;
  private byte[][][] valueBytes;
  private int[][] valueLengths;
  private byte[] nextValueWay;

  /**
   * Writes the string value of the attribute whose key took {@code slot} (keys of the same slot
   * share it). The same string instance is common across records (a thread's name on every
   * record the SLF4J bridge routes from that thread, an MDC value through a request), so the
   * encoded form of a value seen twice is copied instead of escaped again: strings are
   * immutable, so the identity decides. A value seen once costs up to four reference compares and
   * one store; it is encoded and kept when the same instance comes again. With more threads
   * interleaving than {@value #VALUE_WAYS}, their names evict each other and are encoded as
   * before. Holds at most {@value #VALUE_WAYS} strings of 16 to 158 characters and as many
   * 160-byte buffers per key slot: with every one of the 256 slots in use, 1,024 strings (up to
   * about 350 KiB) and 160 KiB of buffers per writer (one per sink).
   */
  private void writeStringValue(int slot, String value) {
    int length = value.length();
    // Shorter strings are as cheap to encode as to look up; longer ones cannot fit the buffer.
    if (length < SHORTEST_REMEMBERED_VALUE || length > LONGEST_REMEMBERED_VALUE - 2) {
      writeString(value);
      return;
    }
    if (valueOwners == null) {
      // The arrays the null checks read are published last, as for fragments.
      valueBytes = new byte[KEY_SLOTS][][];
      valueLengths = new int[KEY_SLOTS][];
      nextValueWay = new byte[KEY_SLOTS];
      valueOwners = new String[KEY_SLOTS][];
    }
    String[] owners = valueOwners[slot];
    if (owners == null) {
      valueBytes[slot] = new byte[VALUE_WAYS][];
      valueLengths[slot] = new int[VALUE_WAYS];
      owners = new String[VALUE_WAYS];
      valueOwners[slot] = owners;
    }
    int[] lengths = valueLengths[slot];
    for (int way = 0; way < VALUE_WAYS; way++) {
      if (owners[way] != value) {
        continue;
      }
      int n = lengths[way];
      if (n > 0) {
        writeRaw(valueBytes[slot][way], n);
        return;
      }
      int start = size;
      writeString(value);
      if (n == 0) {
        // Seen once before: keep the bytes, or mark a value whose escapes make it too long.
        n = size - start;
        if (n > LONGEST_REMEMBERED_VALUE) {
          lengths[way] = TOO_LONG;
          return;
        }
        byte[] bytes = valueBytes[slot][way];
        if (bytes == null) {
          bytes = new byte[LONGEST_REMEMBERED_VALUE];
          valueBytes[slot][way] = bytes;
        }
        System.arraycopy(buffer, start, bytes, 0, n);
        lengths[way] = n;
      }
      return;
    }
    int way = nextValueWay[slot];
    nextValueWay[slot] = (byte) ((way + 1) & (VALUE_WAYS - 1));
    owners[way] = value;
    lengths[way] = 0;
    writeString(value);
  }

  /** Whether {@code owner}'s fragment is kept, for tests. */
  boolean remembersFragment(Object owner) {
    if (fragmentOwners == null) {
      return false;
    }
    for (Object known : fragmentOwners) {
      if (known == owner) {
        return true;
      }
    }
    return false;
  }

  /**
   * For tests: the kept length of {@code value}'s encoding under {@code key}: 0 when not kept (seen
   * once, or not at all), {@link #TOO_LONG} when its encoding exceeds the bound.
   */
  int rememberedValueLength(String key, String value) {
    int slot = key.hashCode() & (KEY_SLOTS - 1);
    if (valueOwners == null || valueOwners[slot] == null) {
      return 0;
    }
    for (int way = 0; way < VALUE_WAYS; way++) {
      if (valueOwners[slot][way] == value) {
        return valueLengths[slot][way];
      }
    }
    return 0;
  }

  /**
   * For writers of other layouts of a map (the OTel JSON key-value lists): pushes the indexes of
   * {@code attrs} in key order and returns where they start. Read them with
   * {@link #sortedIndex(int)} ({@code base + i}), then pop them with {@link #popSorted(int)}.
   */
  int pushSorted(Attrs attrs) {
    return pushSortedIndexes(attrs);
  }

  /** The attribute index at position {@code at} of the index stack. */
  int sortedIndex(int at) {
    return order[at];
  }

  void popSorted(int base) {
    orderTop = base;
  }

  /**
   * Pushes the indexes of {@code attrs} sorted by key onto the index stack and returns where
   * they start; the caller pops them by resetting {@code orderTop}.
   */
  private int pushSortedIndexes(Attrs attrs) {
    int n = attrs.size();
    int base = orderTop;
    lastOrderSlot = -1;
    if (base + 2 * n > order.length) {
      order = Arrays.copyOf(order, Math.max(order.length * 2, base + 2 * n));
    }
    orderTop = base + n;
    if (n < 2) {
      order[base] = 0;
      return base;
    }
    // Records of one call site carry the same keys in the same order: their order is
    // remembered by the key sequence (filled once per slot, as for keys), so most maps skip
    // the comparisons.
    int hash = 0;
    for (int i = 0; i < n; i++) {
      hash = 31 * hash + attrs.keyAt(i).hashCode();
    }
    int slot = (hash ^ hash >>> 16) & (ORDER_SLOTS - 1);
    String[] knownKeys = orderKeys[slot];
    if (knownKeys != null && sameKeys(knownKeys, attrs)) {
      System.arraycopy(orders[slot], 0, order, base, n);
      lastOrderSlot = orderSegments[slot] != null ? slot : -1;
      return base;
    }
    for (int i = 0; i < n; i++) {
      order[base + i] = i;
    }
    if (n <= 16) {
      insertionSort(attrs, base, base + n);
    } else {
      mergeSort(attrs, base, n);
    }
    if (knownKeys == null && n <= LONGEST_REMEMBERED_ORDER) {
      String[] keysNow = new String[n];
      for (int i = 0; i < n; i++) {
        keysNow[i] = attrs.keyAt(i);
      }
      String[] sortedKeys = new String[n];
      int[] keySlots = new int[n];
      boolean shortKeys = true;
      for (int i = 0; i < n; i++) {
        sortedKeys[i] = keysNow[order[base + i]];
        keySlots[i] = sortedKeys[i].hashCode() & (KEY_SLOTS - 1);
        shortKeys &= sortedKeys[i].length() <= LONGEST_REMEMBERED_KEY;
      }
      // Segments only of keys short enough to remember, as for the key table.
      orderSegments[slot] = shortKeys ? keySegments(sortedKeys) : null;
      orderKeySlots[slot] = keySlots;
      orders[slot] = Arrays.copyOfRange(order, base, base + n);
      // Published last: the check reads orderKeys, so a failure above leaves the slot empty.
      orderKeys[slot] = keysNow;
      lastOrderSlot = shortKeys ? slot : -1;
    }
    return base;
  }

  private static boolean sameKeys(String[] known, Attrs attrs) {
    if (known.length != attrs.size()) {
      return false;
    }
    for (int i = 0; i < known.length; i++) {
      String key = attrs.keyAt(i);
      if (known[i] != key && !known[i].equals(key)) {
        return false;
      }
    }
    return true;
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
