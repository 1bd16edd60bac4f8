package dev.dagstack.logger.cli;

import dev.dagstack.logger.wire.JsonLinesEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads LF-terminated lines of strict UTF-8 from a stream in constant memory: one read buffer,
 * one line buffer reused (and shrunk again after a long line), lines longer than
 * {@link #MAX_LINE_BYTES} skipped whole. Before each read that would block, {@code whenIdle}
 * runs, so that output is flushed while {@code tail -f} waits.
 */
final class LineSource {

  /**
   * Longer lines are reported and skipped; bounds the memory one line may take. The longest line
   * a sink can be set to write, so every line a sink writes is read.
   */
  static final int MAX_LINE_BYTES = JsonLinesEncoder.MAX_LINE_BYTES;
  private static final int CHUNK = 64 << 10;

  /** One line, or the problem that makes it unreadable. */
  static final class Line {
    String text;
    String problem;
  }

  private final InputStream in;
  private final Runnable whenIdle;
  private final byte[] chunk = new byte[CHUNK];
  private int chunkPos;
  private int chunkEnd;
  private boolean eof;
  private byte[] line = new byte[CHUNK];
  private CharBuffer chars = CharBuffer.allocate(CHUNK);
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  LineSource(InputStream in, Runnable whenIdle) {
    this.in = in;
    this.whenIdle = whenIdle;
  }

  /** Reads the next line into {@code into}; false at the end of the stream. */
  boolean next(Line into) throws IOException {
    int length = 0;
    boolean tooLong = false;
    boolean any = false;
    while (true) {
      if (chunkPos == chunkEnd && !fill()) {
        if (!any) {
          return false;
        }
        break;
      }
      any = true;
      int start = chunkPos;
      int newline = -1;
      for (int i = start; i < chunkEnd; i++) {
        if (chunk[i] == '\n') {
          newline = i;
          break;
        }
      }
      int end = newline >= 0 ? newline : chunkEnd;
      int count = end - start;
      if (!tooLong) {
        if (length + count > MAX_LINE_BYTES) {
          tooLong = true;
        } else {
          if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, Math.max(line.length * 2, length + count)));
          }
          System.arraycopy(chunk, start, line, length, count);
          length += count;
        }
      }
      chunkPos = newline >= 0 ? newline + 1 : chunkEnd;
      if (newline >= 0) {
        break;
      }
    }
    if (tooLong) {
      into.text = null;
      into.problem = "line longer than " + MAX_LINE_BYTES + " bytes";
    } else {
      decode(length, into);
    }
    if (line.length > CHUNK) {
      line = new byte[CHUNK];
      chars = CharBuffer.allocate(CHUNK);
    }
    return true;
  }

  private void decode(int length, Line into) {
    if (chars.capacity() < length) {
      chars = CharBuffer.allocate(length);
    }
    chars.clear();
    decoder.reset();
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      into.text = null;
      into.problem = "invalid UTF-8 at byte " + (bytes.position() + 1);
      return;
    }
    chars.flip();
    into.text = chars.toString();
    into.problem = null;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (in.available() == 0) {
      whenIdle.run();
    }
    int read = in.read(chunk, 0, CHUNK);
    if (read < 0) {
      eof = true;
      return false;
    }
    chunkPos = 0;
    chunkEnd = read;
    return true;
  }
}
