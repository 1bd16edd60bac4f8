package dev.dagstack.logger.viewer;

import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.record.Severity;
import dev.dagstack.logger.record.Values;
import dev.dagstack.logger.wire.JsonLinesEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log viewer's page and JSON API over a {@link ViewerBuffer}, independent of the HTTP server
 * that hosts it (the CLI's {@code view} command, the Spring starter's actuator endpoint). Paths
 * are relative to the viewer's base path; every response body is UTF-8.
 *
 * <ul>
 *   <li>{@code ""} or {@code index.html}: the single page; {@code viewer.js} and
 *       {@code viewer.css}: its script and style (separate files, so that the
 *       {@link #SECURITY_HEADERS Content-Security-Policy} needs no inline script or style).
 *   <li>{@code api/records}: matching records, paged. Filters as in the page's URL:
 *       {@code level}, {@code logger}, {@code request_id}, {@code operation}, {@code trace_id},
 *       {@code q}; paging: {@code limit} (1..1000, default 200), {@code before} or {@code after}
 *       (sequence numbers; neither: the newest page). Answers
 *       {@code {"records":[{"seq":N,"record":{…dagstack wire object…}}],"has_more":bool,
 *       "instance":"…","last_seq":N,"dropped":N,"capacity":N}}, oldest first; a page stops after
 *       about {@link #RESPONSE_BYTES} of JSON (at least one record) with {@code "has_more":true}.
 *   <li>{@code api/operations}: the operation tree of the matching records (spec §5.1) with the
 *       latest progress (§5.3) of each: {@code {"operations":[{"id","name","kind","parent_id",
 *       "status","duration_ms","start_time_unix_nano","records","errors","progress":{…},
 *       "children":[…]}],"instance":"…","last_seq":N,"dropped":N,"capacity":N}}.
 *   <li>{@code api/counts}: {@code {"held":N,"matched":N,"by_severity":{"INFO":N,…},
 *       "held_bytes":N,"max_bytes":N,"streams":{"open":N,"max":N,"refused":N},"instance":"…",
 *       "last_seq":N,"dropped":N,"capacity":N}}.
 *   <li>{@code api/stream}: server-sent events (see {@link #openStream} and {@link Stream}).
 * </ul>
 *
 * A bad or unknown parameter gives status 400 with {@code {"error":"<parameter>: <problem>"}}
 * (an unknown one lists the known ones); a trailing slash on a path is ignored. Every response
 * carries {@link #SECURITY_HEADERS}.
 *
 * <p>Not part of the supported API: public for its two hosts, the {@code cli} package (through
 * {@code ViewerServer.start}) and the Spring Boot starter, only; may change without notice.
 */
public final class ViewerApi {

  /** One response: status, content type and body. */
  public record Response(int status, String contentType, byte[] body) {}

  /**
   * Headers every viewer response carries, whichever host serves it (page, script, style, API,
   * event stream, errors): a Content-Security-Policy that allows only the viewer's own script,
   * style and API (no inline script or style, no framing, no plugins), no MIME sniffing, no
   * referrer, and no caching (the answers are live log data).
   */
  public static final Map<String, String> SECURITY_HEADERS = headers(
      "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self';"
          + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'",
      "X-Frame-Options", "DENY",
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "no-referrer",
      "Cache-Control", "no-store");

  /** Content type of the JSON answers. */
  public static final String JSON = "application/json; charset=utf-8";
  /**
   * How long one event-stream response lasts before the browser reconnects (and resumes): the
   * longest a stream holds its server thread and its slot, also when its client stopped reading
   * (see {@link Stream#interruptWhenStalled}).
   */
  public static final Duration STREAM_SPAN = Duration.ofSeconds(25);

  /** The default maximum of event streams open at once. */
  public static final int DEFAULT_MAX_STREAMS = 16;
  /** The largest maximum of event streams (each holds a server thread). */
  public static final int MAX_MAX_STREAMS = 1000;
  /**
   * About how many bytes of record JSON one answer ({@code api/records}) or one stream event
   * carries at most (at least one record): a page of huge records is cut short, with
   * {@code "has_more":true}, and the rest is read with the next page.
   */
  static final int RESPONSE_BYTES = 4 << 20;

  private static final int DEFAULT_LIMIT = 200;
  private static final int MAX_LIMIT = 1000;
  private static final int STREAM_BATCH = 500;
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);
  private static final List<String> RECORDS_PARAMS = with(ViewerFilter.PARAMS, "limit", "before", "after");
  private static final List<String> STREAM_PARAMS = with(ViewerFilter.PARAMS, "after", "instance");
  private static final String[] SEVERITIES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

  private final ViewerBuffer buffer;
  private final int maxStreams;
  private final Duration streamSpan;
  /** See {@link #streamCutoff()}. */
  private final Duration streamCutoff;
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicLong refusedStreams = new AtomicLong();
  private final byte[] page;
  private final byte[] script;
  private final byte[] style;

  /** The API over {@code buffer}, with at most {@link #DEFAULT_MAX_STREAMS} open event streams. */
  public ViewerApi(ViewerBuffer buffer) {
    this(buffer, DEFAULT_MAX_STREAMS);
  }

  /**
   * The API over {@code buffer}, with at most {@code maxStreams} event streams open at once (each
   * holds a server thread for up to {@link #STREAM_SPAN}); one more is refused with 503.
   *
   * @throws IllegalArgumentException when {@code maxStreams} is outside 1..{@link #MAX_MAX_STREAMS}
   */
  public ViewerApi(ViewerBuffer buffer, int maxStreams) {
    this(buffer, maxStreams, STREAM_SPAN);
  }

  /**
   * As {@link #ViewerApi(ViewerBuffer, int)}, with each event stream lasting {@code streamSpan}
   * instead of {@link #STREAM_SPAN} (shorter in tests).
   *
   * @throws IllegalArgumentException when {@code maxStreams} is outside 1..{@link #MAX_MAX_STREAMS}
   *     or {@code streamSpan} is not positive
   */
  public ViewerApi(ViewerBuffer buffer, int maxStreams, Duration streamSpan) {
    if (streamSpan == null || streamSpan.isNegative() || streamSpan.isZero()) {
      throw new IllegalArgumentException("viewer stream span must be positive, got " + streamSpan);
    }
    this.buffer = buffer;
    this.maxStreams = checkMaxStreams(maxStreams);
    this.streamSpan = streamSpan;
    Duration grace = streamSpan.dividedBy(10);
    this.streamCutoff = streamSpan.plus(
        grace.compareTo(Duration.ofSeconds(1)) < 0 ? grace : Duration.ofSeconds(1));
    this.page = resource("viewer.html");
    this.script = resource("viewer.js");
    this.style = resource("viewer.css");
  }

  /**
   * {@code maxStreams} when it is within 1..{@link #MAX_MAX_STREAMS}.
   *
   * @throws IllegalArgumentException naming the range otherwise
   */
  public static int checkMaxStreams(long maxStreams) {
    if (maxStreams < 1 || maxStreams > MAX_MAX_STREAMS) {
      throw new IllegalArgumentException("viewer max-streams must be from 1 to " + MAX_MAX_STREAMS
          + ", got " + maxStreams);
    }
    return (int) maxStreams;
  }

  /**
   * When an event stream that has not ended is cut off, counted from its opening: its span plus a
   * little grace, so that a stream ending on time is never cut off in its last write. A stream
   * still open then is writing to a client that stopped reading (see
   * {@link Stream#interruptWhenStalled}); a host whose container has its own timeout for a request
   * (a servlet's async timeout) sets it to this.
   */
  public Duration streamCutoff() {
    return streamCutoff;
  }

  /** Event streams refused because {@code maxStreams} were open, since the API was created. */
  public long refusedStreams() {
    return refusedStreams.get();
  }

  /**
   * The parameters of a raw (still percent-encoded) query string, e.g. {@code level=WARN&q=a%20b};
   * null or empty gives none.
   *
   * @throws IllegalArgumentException naming the problem: malformed percent-encoding, a parameter
   *     without {@code =value} or with an empty one, or a parameter given twice
   */
  public static Map<String, String> parseQuery(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq), pair);
      if (eq < 0) {
        throw new IllegalArgumentException(key + ": needs a value (" + key + "=…)");
      }
      String value = decode(pair.substring(eq + 1), pair);
      if (value.isBlank()) {
        // Like "?level" above: an empty (or all-blank) filter would silently show everything.
        throw new IllegalArgumentException(key + ": empty value; give one (" + key
            + "=…) or leave the parameter out");
      }
      if (params.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException(key + ": given more than once; give it once");
      }
    }
    return params;
  }

  private static String decode(String text, String pair) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed query parameter '" + pair
          + "': bad percent-encoding (" + e.getMessage() + ")", e);
    }
  }

  /** The 400 answer to a query {@link #parseQuery} refuses. */
  public static Response badRequest(String problem) {
    return error(400, problem);
  }

  /**
   * An error answer: {@code status} with the JSON body {@code {"error":"<problem>"}}, the one
   * shape of every error the viewer (the API, the CLI server, the Spring endpoint's filter) gives.
   */
  public static Response error(int status, String problem) {
    return json(status, JsonLinesEncoder.encodeValue(Map.of("error", problem)));
  }

  /** The buffer the API reads. */
  public ViewerBuffer buffer() {
    return buffer;
  }

  /** Answers a GET of {@code path} (relative to the base, no leading slash) with {@code params}. */
  public Response get(String path, Map<String, String> params) {
    // "api/records/" is "api/records"; the page itself is "" (its URL keeps the filters).
    String name = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    try {
      switch (name) {
        case "":
        case "index.html":
          return new Response(200, "text/html; charset=utf-8", page);
        case "viewer.js":
          return new Response(200, "text/javascript; charset=utf-8", script);
        case "viewer.css":
          return new Response(200, "text/css; charset=utf-8", style);
        case "api/records":
          checkParams(name, params, RECORDS_PARAMS);
          return json(200, records(params));
        case "api/operations":
          checkParams(name, params, ViewerFilter.PARAMS);
          return json(200, operations(params));
        case "api/counts":
          checkParams(name, params, ViewerFilter.PARAMS);
          return json(200, counts(params));
        default:
          return error(404, "no such viewer path: " + path);
      }
    } catch (IllegalArgumentException e) {
      return badRequest(e.getMessage());
    }
  }

  /**
   * Opens an event stream of the matching records after the request's {@code Last-Event-ID}
   * header (sent by a reconnecting browser: {@code <instance>:<seq>}, or a bare sequence number),
   * else its {@code after} parameter (a sequence number; absent: only records that arrive from now
   * on) and {@code instance} parameter (the {@link ViewerBuffer#instance()} the page read
   * {@code after} from). Check {@link Stream#refusal()} before sending the response headers:
   * a bad filter or cursor gives 400, {@code maxStreams} open streams give 503. Close the stream
   * when done (it frees its slot).
   */
  public Stream openStream(String lastEventId, Map<String, String> params) {
    ViewerFilter filter;
    Cursor cursor;
    try {
      checkParams("api/stream", params, STREAM_PARAMS);
      filter = ViewerFilter.from(params);
      cursor = streamCursor(lastEventId, params);
    } catch (IllegalArgumentException e) {
      return new Stream(badRequest(e.getMessage()), null, null);
    }
    while (true) {
      int open = openStreams.get();
      if (open >= maxStreams) {
        refusedStreams.incrementAndGet();
        return new Stream(error(503, "too many open viewer streams: " + open + " of at most "
            + maxStreams + "; close other viewer tabs, or raise the maximum (view --max-streams,"
            + " dagstack.logger.viewer.max-streams)"), null, null);
      }
      if (openStreams.compareAndSet(open, open + 1)) {
        return new Stream(null, filter, cursor);
      }
    }
  }

  /** Where a stream starts: a sequence number (-1: from now on) and the instance it belongs to. */
  private record Cursor(long after, String instance) {}

  /**
   * One open event stream (see {@link ViewerApi#openStream}). {@link #writeTo} writes server-sent
   * events for at most {@link #STREAM_SPAN}, then returns so that the browser reconnects and
   * resumes. Each event is {@code event: records}, {@code id: <instance>:<last seq read>},
   * {@code data: {"records":[…],"missed":N,"last_seq":N}}, where {@code missed} counts records
   * pushed out of the ring before this reader got to them (back-pressure: the application never
   * waits for a reader). A cursor the buffer cannot have given (another {@code instance}, or a
   * sequence number above its newest: the server restarted) first sends {@code event: reset},
   * {@code data: {"instance":"…","last_seq":N}}, and then streams from the oldest held record, with
   * the records this instance already pushed out counted in {@code missed}; the page clears its
   * list. A comment line keeps idle connections alive.
   */
  public final class Stream implements AutoCloseable {
    private final Response refusal;
    private final ViewerFilter filter;
    private final Cursor start;
    private final long opened = System.nanoTime();
    private boolean closed;
    /** The armed stall watchdog; null when none. Guarded by this. */
    private Watchdog watchdog;

    private Stream(Response refusal, ViewerFilter filter, Cursor start) {
      this.refusal = refusal;
      this.filter = filter;
      this.start = start;
      this.closed = refusal != null;
    }

    /** The error answer (400 bad request, 503 too many streams) to send instead; null when open. */
    public Response refusal() {
      return refusal;
    }

    /**
     * Arms the stall watchdog for a host that writes the stream with blocking writes on the
     * calling thread: when the stream is still open at its {@link #streamCutoff()} (a write
     * blocked on a client that stopped reading while its socket buffers are full), the watchdog
     * interrupts this thread, which ends the write on an interruptible connection. Without it a
     * dead reader would hold the stream's thread and slot until the operating system gives up on
     * the connection, if ever. Close the stream on this thread after the response is closed (its
     * last bytes can block too): closing disarms the watchdog and clears the interrupt it
     * delivered, so none reaches the thread's next request.
     */
    public synchronized void interruptWhenStalled() {
      if (closed || watchdog != null) {
        return;
      }
      watchdog = Watchdog.interruptingAfter(opened, streamCutoff());
    }

    /**
     * Writes the events (see the class comment) to {@code out}.
     *
     * @throws IOException when the client goes away
     * @throws IllegalStateException when the stream was refused
     */
    public void writeTo(OutputStream out) throws IOException {
      if (refusal != null) {
        throw new IllegalStateException("a refused stream has nothing to write");
      }
      String instance = buffer.instance();
      long cursor;
      write(out, "retry: 1000\n\n");
      if (start.instance() != null && !start.instance().equals(instance)
          || start.after() > buffer.lastSeq()) {
        // From this instance's start: the records it already pushed out are missed, not skipped.
        cursor = 0;
        write(out, "event: reset\nid: " + instance + ":" + cursor + "\ndata: "
            + JsonLinesEncoder.encodeValue(Map.of("instance", instance, "last_seq", buffer.lastSeq()))
            + "\n\n");
      } else {
        cursor = start.after() < 0 ? buffer.lastSeq() : start.after();
      }
      long deadline = opened + streamSpan.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || buffer.isClosed()) {
          return;
        }
        long last;
        try {
          last = buffer.awaitAfter(cursor, Duration.ofNanos(Math.min(left, KEEP_ALIVE.toNanos())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (last <= cursor) {
          write(out, ": keep-alive\n\n");
          continue;
        }
        ViewerBuffer.Batch batch = buffer.after(cursor, STREAM_BATCH);
        StringBuilder data = new StringBuilder("{\"records\":[");
        boolean first = true;
        long read = cursor;
        for (ViewerBuffer.Entry entry : batch.entries()) {
          if (!first && data.length() > RESPONSE_BYTES) {
            break; // the rest goes in the next event
          }
          read = entry.seq();
          if (filter.matches(entry.record())) {
            if (!first) {
              data.append(',');
            }
            appendEntry(data, entry);
            first = false;
          }
        }
        if (batch.entries().isEmpty()) {
          read = batch.lastSeq();
        }
        data.append("],\"missed\":").append(batch.missed())
            .append(",\"last_seq\":").append(batch.lastSeq()).append('}');
        cursor = read;
        // The canonical JSON has no raw line feed, so one data line carries the whole event.
        write(out, "event: records\nid: " + instance + ":" + cursor + "\ndata: " + data + "\n\n");
      }
    }

    /**
     * Frees the stream's slot and disarms its watchdog (see {@link #interruptWhenStalled()});
     * idempotent.
     */
    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        openStreams.decrementAndGet();
        if (watchdog != null) {
          watchdog.close();
        }
      }
    }
  }

  /**
   * Rejects a parameter the path does not know (a typo such as {@code levle=ERROR} would otherwise
   * silently show everything).
   */
  private static void checkParams(String path, Map<String, String> params, List<String> known) {
    for (String name : params.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(name + ": unknown parameter for " + path
            + "; known: " + String.join(", ", known));
      }
    }
  }

  private static Cursor streamCursor(String lastEventId, Map<String, String> params) {
    if (lastEventId != null && !lastEventId.isBlank()) {
      String id = lastEventId.strip();
      int colon = id.lastIndexOf(':');
      String instance = colon < 0 ? null : id.substring(0, colon);
      return new Cursor(longParam(Map.of("Last-Event-ID", id.substring(colon + 1)), "Last-Event-ID"),
          instance);
    }
    String instance = params.get("instance");
    return new Cursor(longParam(params, "after"), instance == null || instance.isBlank() ? null : instance.strip());
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  String records(Map<String, String> params) {
    ViewerFilter filter = ViewerFilter.from(params);
    int limit = intParam(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    long before = longParam(params, "before");
    long after = longParam(params, "after");
    if (before >= 0 && after >= 0) {
      throw new IllegalArgumentException("before, after: give at most one of them");
    }
    List<ViewerBuffer.Entry> all = buffer.snapshot();
    List<ViewerBuffer.Entry> page = new ArrayList<>();
    boolean more = false;
    if (after >= 0) {
      for (ViewerBuffer.Entry e : all) {
        if (e.seq() > after && filter.matches(e.record())) {
          if (page.size() == limit) {
            more = true;
            break;
          }
          page.add(e);
        }
      }
    } else {
      for (int i = all.size() - 1; i >= 0; i--) {
        ViewerBuffer.Entry e = all.get(i);
        if ((before < 0 || e.seq() < before) && filter.matches(e.record())) {
          if (page.size() == limit) {
            more = true;
            break;
          }
          page.add(0, e);
        }
      }
    }
    StringBuilder json = new StringBuilder("{\"records\":[");
    // Cut a page of huge records short, keeping the end nearest the cursor it was read from.
    List<String> encoded = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < page.size() && (encoded.isEmpty() || bytes <= RESPONSE_BYTES); i++) {
      ViewerBuffer.Entry e = after >= 0 ? page.get(i) : page.get(page.size() - 1 - i);
      StringBuilder one = new StringBuilder();
      appendEntry(one, e);
      bytes += one.length();
      encoded.add(one.toString());
    }
    if (encoded.size() < page.size()) {
      more = true;
    }
    if (after < 0) {
      Collections.reverse(encoded);
    }
    json.append(String.join(",", encoded));
    json.append("],\"has_more\":").append(more);
    appendBufferState(json);
    return json.append('}').toString();
  }

  String counts(Map<String, String> params) {
    ViewerFilter filter = ViewerFilter.from(params);
    long[] bySeverity = new long[SEVERITIES.length];
    List<ViewerBuffer.Entry> all = buffer.snapshot();
    long matched = 0;
    for (ViewerBuffer.Entry e : all) {
      if (filter.matches(e.record())) {
        matched++;
        bySeverity[(e.record().severityNumber() - 1) / 4]++;
      }
    }
    Map<String, Object> severities = new LinkedHashMap<>();
    for (int i = 0; i < SEVERITIES.length; i++) {
      severities.put(SEVERITIES[i], bySeverity[i]);
    }
    StringBuilder json = new StringBuilder("{\"held\":").append(all.size())
        .append(",\"matched\":").append(matched)
        .append(",\"by_severity\":").append(JsonLinesEncoder.encodeValue(severities))
        .append(",\"held_bytes\":").append(buffer.heldBytes())
        .append(",\"max_bytes\":").append(buffer.maxBytes())
        .append(",\"streams\":{\"open\":").append(openStreams.get())
        .append(",\"max\":").append(maxStreams)
        .append(",\"refused\":").append(refusedStreams.get()).append('}');
    appendBufferState(json);
    return json.append('}').toString();
  }

  /** Operation levels in an answer: each adds a node and its children list to the nesting. */
  static final int MAX_TREE_LEVELS = Values.MAX_DEPTH / 2 - 8;

  String operations(Map<String, String> params) {
    ViewerFilter filter = ViewerFilter.from(params);
    Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
    for (ViewerBuffer.Entry e : buffer.snapshot()) {
      LogRecord r = e.record();
      Object id = r.attributes().get("operation.id");
      if (id == null || !filter.matches(r)) {
        continue;
      }
      Map<String, Object> node = nodes.computeIfAbsent(String.valueOf(id), key -> newNode(key, r));
      Map<String, Object> a = r.attributes();
      copyIfPresent(a, "operation.name", node, "name");
      copyIfPresent(a, "operation.kind", node, "kind");
      copyIfPresent(a, "operation.parent.id", node, "parent_id");
      copyIfPresent(a, "operation.status", node, "status");
      copyIfPresent(a, "operation.duration_ms", node, "duration_ms");
      node.put("records", (Long) node.get("records") + 1);
      if (r.severityNumber() >= Severity.ERROR) {
        node.put("errors", (Long) node.get("errors") + 1);
      }
      if ("progress".equals(a.get("event.domain"))) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("state", a.get("event.name"));
        for (String key : List.of("current", "total", "unit", "phase", "rate", "eta_ms")) {
          Object v = a.get("progress." + key);
          if (v != null) {
            progress.put(key, v);
          }
        }
        node.put("progress", progress);
      }
    }
    List<Object> roots = new ArrayList<>();
    Set<Map<String, Object>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map<String, Object> node : nodes.values()) {
      Object parent = node.get("parent_id");
      Map<String, Object> parentNode = parent == null ? null : nodes.get(String.valueOf(parent));
      if (parentNode == null || !attachable(node, parentNode, nodes, seen)) {
        roots.add(node);
      } else {
        @SuppressWarnings("unchecked")
        List<Object> children = (List<Object>) parentNode.get("children");
        children.add(node);
      }
    }
    StringBuilder json = new StringBuilder("{\"operations\":")
        .append(JsonLinesEncoder.encodeValue(roots));
    appendBufferState(json);
    return json.append('}').toString();
  }

  /**
   * Whether {@code node} may hang under {@code parentNode}: not when that closes a cycle of
   * parents (records from a buggy or hostile file), nor below {@link #MAX_TREE_LEVELS}, where the
   * answer's nesting would pass the encoder's depth limit. Such a node is shown as a root. A
   * cycle further up, without {@code node}, ends the walk: its members are shown as roots, and
   * {@code node} hangs under its parent as usual. {@code seen} is scratch, shared by the walks of
   * one answer.
   */
  private static boolean attachable(Map<String, Object> node, Map<String, Object> parentNode,
      Map<String, Map<String, Object>> nodes, Set<Map<String, Object>> seen) {
    seen.clear();
    Map<String, Object> at = parentNode;
    for (int level = 1; at != null; level++) {
      if (at == node || level >= MAX_TREE_LEVELS) {
        return false;
      }
      if (!seen.add(at)) {
        break;
      }
      Object up = at.get("parent_id");
      at = up == null ? null : nodes.get(String.valueOf(up));
    }
    return true;
  }

  private static Map<String, Object> newNode(String id, LogRecord first) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("id", id);
    node.put("start_time_unix_nano", first.timeUnixNano());
    node.put("records", 0L);
    node.put("errors", 0L);
    node.put("children", new ArrayList<>());
    return node;
  }

  private static void copyIfPresent(Map<String, Object> from, String key, Map<String, Object> to,
      String as) {
    Object v = from.get(key);
    if (v != null) {
      to.put(as, v);
    }
  }

  private void appendBufferState(StringBuilder json) {
    json.append(",\"instance\":\"").append(buffer.instance()).append('"')
        .append(",\"last_seq\":").append(buffer.lastSeq())
        .append(",\"dropped\":").append(buffer.overwritten())
        .append(",\"capacity\":").append(buffer.capacity());
  }

  private static void appendEntry(StringBuilder json, ViewerBuffer.Entry entry) {
    json.append("{\"seq\":").append(entry.seq()).append(",\"record\":")
        .append(JsonLinesEncoder.encode(entry.record())).append('}');
  }

  private static int intParam(Map<String, String> params, String name, int dflt, int min, int max) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + ": must be an integer from " + min + " to " + max + ", got '" + v + "'");
  }

  /** A non-negative sequence number, or -1 when absent. */
  private static long longParam(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return -1;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + ": must be a sequence number (0 or more), got '" + v + "'");
  }

  private static Map<String, String> headers(String... namesAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  private static List<String> with(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }

  private static Response json(int status, String body) {
    return new Response(status, JSON, body.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] resource(String name) {
    try (InputStream in = ViewerApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("viewer resource missing from the jar: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
