package dev.dagstack.logger.spring.viewer;

import dev.dagstack.logger.viewer.ViewerApi;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The viewer's JSON API and event stream under the {@code logviewer} endpoint's path
 * ({@code <management base path>/logviewer/api/{records,operations,counts,stream}}), and the page's
 * {@code viewer.js} and {@code viewer.css}, on the management server; the security headers come
 * from {@link LogViewerSecurityHeadersFilter}. An event stream lasts at most
 * {@link ViewerApi#STREAM_SPAN}, also when its client stopped reading, and is written by a thread
 * of its own (the request thread returns at once); the browser then resumes with
 * {@code Last-Event-ID}.
 */
@Controller
public class LogViewerController {

  /** The endpoint's path (placeholders resolved against the environment, as the actuator does). */
  public static final String PATH = "${management.endpoints.web.base-path:/actuator}/"
      + "${management.endpoints.web.path-mapping." + LogViewerEndpoint.ID + ":" + LogViewerEndpoint.ID + "}";
  static final String API = PATH + "/api/{name}";
  static final String ASSET = PATH + "/{asset:viewer\\.(?:js|css)}";

  private final ViewerApi api;
  /** One thread per open stream, at most the API's max-streams. */
  private final ExecutorService writers = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "dagstack-viewer-stream");
    thread.setDaemon(true);
    // Never a raw stack trace on standard error, where it would break the JSON console lines.
    thread.setUncaughtExceptionHandler((t, e) -> dev.dagstack.logger.diagnostic.Diagnostics
        .errorLimited("viewer-stream", "a log viewer stream ended with an error", e,
            dev.dagstack.logger.record.Attrs.empty()));
    return thread;
  });

  public LogViewerController(ViewerApi api) {
    this.api = api;
  }

  /**
   * The page at the endpoint's path with a trailing slash, where the endpoint's own path
   * redirects (see {@link LogViewerSecurityHeadersFilter}) so that its relative links resolve
   * below the endpoint.
   */
  @GetMapping(PATH + "/")
  public void page(HttpServletResponse response) throws IOException {
    send(response, api.get("", Map.of()));
  }

  /** The page's script or style ({@code viewer.js}, {@code viewer.css}). */
  @GetMapping(ASSET)
  public void asset(@PathVariable String asset, HttpServletResponse response) throws IOException {
    send(response, api.get(asset, Map.of()));
  }

  /**
   * Answers {@code api/<name>} (a trailing slash is ignored) with the viewer API's status, type and
   * body. The query is parsed by {@link ViewerApi#parseQuery} (not the container), so that a
   * malformed one gets the viewer's 400 JSON answer rather than a server error.
   */
  @GetMapping({API, API + "/"})
  public void api(@PathVariable String name, HttpServletRequest request,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
      HttpServletResponse response) throws IOException {
    Map<String, String> params;
    try {
      params = ViewerApi.parseQuery(request.getQueryString());
    } catch (IllegalArgumentException e) {
      send(response, ViewerApi.badRequest(e.getMessage()));
      return;
    }
    if (name.equals("stream")) {
      stream(request, response, api.openStream(lastEventId, params));
      return;
    }
    send(response, api.get("api/" + name, params));
  }

  /**
   * Streams on a thread of the viewer's own, with non-blocking writes: a client that stopped
   * reading would otherwise block the writing thread until the container's write timeout (a
   * minute on Tomcat, which ignores interrupts), far beyond the stream's span. The request
   * thread returns at once. A stream still open at the API's cut-off is stalled: the async
   * timeout ends the writer's wait and, since nobody completes the request, the container ends it
   * as failed and closes the connection (a {@code complete()} would keep it open until the unread
   * bytes are written or the container's write timeout).
   */
  private void stream(HttpServletRequest request, HttpServletResponse response,
      ViewerApi.Stream stream) throws IOException {
    if (stream.refusal() != null || "HEAD".equals(request.getMethod())
        || !request.isAsyncSupported()) {
      try (stream) {
        if (stream.refusal() != null) {
          send(response, stream.refusal());
          return;
        }
        response.setContentType("text/event-stream;charset=UTF-8");
        response.flushBuffer();
        if ("HEAD".equals(request.getMethod())) {
          return;
        }
        // A filter without async support: blocking writes on this thread, whose interrupt ends
        // a stalled write on containers that honour it (closing the stream clears it).
        stream.interruptWhenStalled();
        stream.writeTo(response.getOutputStream());
      } catch (IOException e) {
        // The browser went away (tab closed, reconnect): nothing to report.
      }
      return;
    }
    response.setContentType("text/event-stream;charset=UTF-8");
    AsyncContext async = request.startAsync(request, response);
    async.setTimeout(api.streamCutoff().toMillis());
    ServletOutputStream raw = response.getOutputStream();
    NonBlockingOutput out = new NonBlockingOutput(raw);
    async.addListener(out);
    raw.setWriteListener(out);
    try {
      writers.execute(() -> {
        try (stream) {
          stream.writeTo(out);
        } catch (IOException | IllegalStateException e) {
          // The browser went away, or stopped reading and was cut off (the container may have
          // recycled the response already, which Tomcat reports as IllegalStateException):
          // nothing to report.
        } finally {
          out.complete(async);
        }
      });
    } catch (RejectedExecutionException e) {
      // Shutting down: end the stream now.
      stream.close();
      out.complete(async);
    }
  }

  /** Stops the stream writers (the buffer's close has already ended their streams). */
  public void close() {
    writers.shutdownNow();
  }

  /**
   * A servlet output stream in non-blocking mode as a blocking one that waits for
   * {@link ServletOutputStream#isReady()}, until the request times out or fails. It is the
   * stream's {@link WriteListener} and its request's {@link AsyncListener}.
   */
  static final class NonBlockingOutput extends OutputStream
      implements WriteListener, AsyncListener {
    private final ServletOutputStream out;
    private boolean possible;
    private boolean aborted;
    private Throwable error;

    NonBlockingOutput(ServletOutputStream out) {
      this.out = out;
    }

    /** Completes the request unless it timed out or failed (the container ends it then). */
    void complete(AsyncContext async) {
      synchronized (this) {
        if (aborted || error != null) {
          return;
        }
      }
      try {
        async.complete();
      } catch (IllegalStateException e) {
        // Timed out or failed meanwhile: the container ends it.
      }
    }

    /** A stream still open at the cut-off: its client stopped reading. */
    @Override
    public synchronized void onTimeout(AsyncEvent event) {
      aborted = true;
      notifyAll();
    }

    @Override
    public void onComplete(AsyncEvent event) {}

    @Override
    public synchronized void onError(AsyncEvent event) {
      onError(event.getThrowable() != null ? event.getThrowable()
          : new IOException("the stream's request failed"));
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    @Override
    public synchronized void onWritePossible() {
      possible = true;
      notifyAll();
    }

    @Override
    public synchronized void onError(Throwable t) {
      error = t;
      notifyAll();
    }

    private void awaitReady() throws IOException {
      // isReady() outside the lock: the container calls onWritePossible while holding its own.
      while (!out.isReady()) {
        synchronized (this) {
          while (!possible && !aborted && error == null) {
            try {
              wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("stream writer stopped");
            }
          }
          possible = false;
          check();
        }
      }
      synchronized (this) {
        check();
      }
    }

    private void check() throws IOException {
      if (aborted) {
        throw new IOException("the client stopped reading; stream cut off at its span");
      }
      if (error != null) {
        throw new IOException(error);
      }
    }

    @Override
    public void write(int b) throws IOException {
      awaitReady();
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      awaitReady();
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      awaitReady();
      out.flush();
    }
  }

  /** Writes one viewer API answer (status, type, body) as the servlet response. */
  static void send(HttpServletResponse response, ViewerApi.Response answer)
      throws IOException {
    response.setStatus(answer.status());
    response.setContentType(answer.contentType());
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }
}
