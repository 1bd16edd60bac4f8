package dev.dagstack.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.Logger;
import dev.dagstack.logger.record.InstrumentationScope;
import dev.dagstack.logger.record.LogRecord;
import dev.dagstack.logger.viewer.ViewerApi;
import dev.dagstack.logger.viewer.ViewerBuffer;
import dev.dagstack.logger.viewer.ViewerServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The log viewer of the sample's {@code viewer} profile in a real headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}; {@code .ci/run} installs them), one browser for
 * the class. The application runs on Tomcat at random ports; the viewer is on the management port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"management.server.port=0"})
@ActiveProfiles("viewer")
@DirtiesContext
class ViewerBrowserTest {

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  static Path logDir;

  @TempDir
  static Path profileDir;

  static ChromeDriver browser;

  @DynamicPropertySource
  static void logDirectory(DynamicPropertyRegistry registry) {
    registry.add("order-service.log-dir", logDir::toString);
  }

  @LocalServerPort
  int port;

  @LocalManagementPort
  int managementPort;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startBrowser() {
    assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium chromium-driver; .ci/run does)")
        .isExecutable();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + profileDir);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1500, 1000));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private String viewer(String query) {
    return "http://127.0.0.1:" + managementPort + "/actuator/logviewer" + (query.isEmpty() ? "" : "?" + query);
  }

  private static String q(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private void open(String query) {
    browser.get(viewer(query));
    new WebDriverWait(browser, WAIT).until(d -> "live".equals(d.findElement(By.id("live")).getText()));
  }

  private List<String> messages() {
    return browser.findElements(By.cssSelector("#rows td.msg")).stream().map(WebElement::getText).toList();
  }

  /** Waits until the list shows exactly {@code expected}, in order. */
  private void awaitMessages(String... expected) {
    try {
      new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
          .until(d -> messages().equals(List.of(expected)));
    } catch (TimeoutException e) {
      throw new AssertionError("expected " + List.of(expected) + " at " + browser.getCurrentUrl()
          + ", the page shows " + messages() + "; status: "
          + browser.findElement(By.id("status")).getText() + "; api: " + apiRecords() + "; page: "
          + ((JavascriptExecutor) browser).executeScript("return document.getElementById('rows')"
              + ".childElementCount + ' rows; requests: ' + performance.getEntriesByType('resource')"
              + ".slice(-4).map(e => e.name).join(' ')"), e);
    }
  }

  private String apiRecords() {
    try {
      String query = URI.create(browser.getCurrentUrl()).getRawQuery();
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
          + "/actuator/logviewer/api/counts?" + (query == null ? "" : query))).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private HttpResponse<String> post(String path, String requestId, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").header("X-Request-Id", requestId)
        .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void showsTheRecordsOfARequestAndAllFieldsOfOne() throws Exception {
    String requestId = "req-" + UUID.randomUUID();
    assertThat(post("/orders", requestId, "{\"item\":\"book\",\"quantity\":2,\"card_token\":\"tok_abc\"}")
        .statusCode()).isEqualTo(201);
    open(q("request_id", requestId));
    assertThat(browser.findElement(By.id("f-request_id")).getAttribute("value")).isEqualTo(requestId);
    new WebDriverWait(browser, WAIT).until(d -> messages().contains("order placed"));
    WebElement row = browser.findElements(By.cssSelector("#rows tr.rec")).stream()
        .filter(r -> r.getText().contains("order placed")).findFirst().orElseThrow();
    row.click();
    String detail = browser.findElement(By.id("detail")).getText();
    assertThat(detail).contains("request.id", requestId, "order.item", "book", "operation.name",
        "place_order", "payment.card_token", "***").doesNotContain("tok_abc");
  }

  @Test
  void newRecordsArriveLiveWithoutReload() throws Exception {
    String tag = "live-" + UUID.randomUUID();
    open(q("q", tag));
    assertThat(messages()).isEmpty();
    ((JavascriptExecutor) browser).executeScript("window.__sameDocument = true;");
    Logger.get("viewer.browser").info("first " + tag);
    awaitMessages("first " + tag);
    Logger.get("viewer.browser").warn("second " + tag);
    awaitMessages("first " + tag, "second " + tag);
    assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument === true;"))
        .isEqualTo(true);
  }

  @Test
  void aRestartedServerIsNoticedAndThePageStartsOverWithItsRecords() throws Exception {
    ViewerBuffer before = new ViewerBuffer(100);
    for (int i = 1; i <= 5; i++) {
      before.emit(record("old-" + i));
    }
    ViewerServer first = ViewerServer.start(new ViewerApi(before), 0);
    int viewerPort = first.port();
    ViewerServer second = null;
    try {
      browser.get(first.url());
      new WebDriverWait(browser, WAIT).until(d -> "live".equals(d.findElement(By.id("live")).getText()));
      awaitMessages("old-1", "old-2", "old-3", "old-4", "old-5");
      ((JavascriptExecutor) browser).executeScript("window.__sameDocument = true;");
      first.close();
      // The new counter (7) has already passed the page's (5): only the instance tells them apart.
      ViewerBuffer after = new ViewerBuffer(100);
      for (int i = 1; i <= 7; i++) {
        after.emit(record("new-" + i));
      }
      second = ViewerServer.start(new ViewerApi(after), viewerPort);
      awaitMessages("new-1", "new-2", "new-3", "new-4", "new-5", "new-6", "new-7");
      assertThat(((JavascriptExecutor) browser).executeScript("return window.__sameDocument === true;"))
          .as("the page itself reset its list, without a reload").isEqualTo(true);
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  private static LogRecord record(String body) {
    return LogRecord.builder().timeUnixNano(1_700_000_000_000_000_000L).severityNumber(9).body(body)
        .instrumentationScope(new InstrumentationScope("restart.test", null, null)).build();
  }

  @Test
  void eachFilterNarrowsTheList() {
    String t = "f" + UUID.randomUUID().toString().replace("-", "");
    String traceId = t.substring(1, 33);
    Logger.get("vb." + t + ".alpha").info("A " + t, Map.of("request.id", t + "-r1"));
    Logger.get("vb." + t + ".beta").error("B " + t,
        Map.of("operation.id", t + "-op", "operation.name", t + "_name"));
    Context traced = Context.root().with(Span.wrap(SpanContext.create(traceId, "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.getDefault())));
    Logger.get("vb." + t + ".alpha.sub").withContext(traced).warn("C " + t);
    Logger.get("vb." + t + ".gamma").info("D " + t, Map.of("note", "needle-" + t));

    open(q("q", t));
    awaitMessages("A " + t, "B " + t, "C " + t, "D " + t);
    open(q("q", t) + "&level=WARN");
    awaitMessages("B " + t, "C " + t);
    open(q("logger", "vb." + t + ".alpha"));
    awaitMessages("A " + t, "C " + t);
    open(q("request_id", t + "-r1"));
    awaitMessages("A " + t);
    open(q("operation", t + "-op"));
    awaitMessages("B " + t);
    open(q("operation", t + "_name"));
    awaitMessages("B " + t);
    open(q("trace_id", traceId));
    awaitMessages("C " + t);
    open(q("q", "needle-" + t));
    awaitMessages("D " + t);

    // The form writes its filters into the URL, so a link shares them.
    WebElement logger = browser.findElement(By.id("f-logger"));
    WebElement text = browser.findElement(By.id("f-q"));
    text.clear();
    text.sendKeys(t);
    logger.sendKeys("vb." + t + ".beta");
    browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
    awaitMessages("B " + t);
    assertThat(browser.getCurrentUrl()).contains(q("logger", "vb." + t + ".beta"), q("q", t));
  }

  @Test
  void importShowsAnOperationTreeAProgressBarAndAFoldedStackTrace() throws Exception {
    String requestId = "import-" + UUID.randomUUID();
    assertThat(post("/orders/import", requestId, """
        [{"item": "book", "quantity": 1, "card_token": "tok_1"},
         {"item": "pen", "quantity": 0, "card_token": "tok_1"},
         {"item": "lamp", "quantity": 3, "card_token": "tok_1"},
         {"item": "mug", "quantity": 2, "card_token": "tok_1"}]
        """).statusCode()).isEqualTo(200);
    open(q("request_id", requestId));
    // Read in one script so that a re-render between two reads cannot mix two trees.
    Object tree = new WebDriverWait(browser, WAIT).until(d -> ((JavascriptExecutor) d).executeScript("""
        // Under the request's own operation (http.server.requests) since it carries request.id.
        const root = [...document.querySelectorAll('#operations li.op')]
            .find(li => li.querySelector('.op-name').textContent === 'import_orders');
        if (!root) return null;
        const head = root.querySelector(':scope > details > summary');
        const bar = root.querySelector(':scope > details > .progress progress');
        const children = [...root.querySelectorAll(':scope > details > ul.tree > li.op')];
        if (children.length < 4 || !bar) return null;
        return {
          status: head.querySelector('.status').textContent,
          children: children.map(c => c.querySelector('.op-name').textContent + ':'
              + c.querySelector('.status').textContent).sort().join(','),
          max: bar.max, value: bar.value,
          text: root.querySelector(':scope > details > .progress .progress-text').textContent
        };"""));
    assertThat(tree).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("status", "ok")
        .containsEntry("children", "place_order:error,place_order:ok,place_order:ok,place_order:ok")
        .containsEntry("max", 4L).containsEntry("value", 4L)
        .hasEntrySatisfying("text", text -> assertThat((String) text).startsWith("4 / 4 items"));

    WebElement error = browser.findElements(By.cssSelector("#rows tr.sev-ERROR")).get(0);
    assertThat(error.getCssValue("background-color")).isEqualTo("rgba(254, 226, 226, 1)");
    error.click();
    WebElement trace = browser.findElement(By.cssSelector("#detail details"));
    WebElement pre = trace.findElement(By.cssSelector("pre.stacktrace"));
    assertThat(pre.isDisplayed()).as("folded").isFalse();
    trace.findElement(By.tagName("summary")).click();
    assertThat(pre.isDisplayed()).isTrue();
    assertThat(pre.getText()).contains("InvalidOrderException");
    // The README's screenshot (docs/images/viewer.png is a copy of it).
    Path shot = Path.of("target", "viewer.png");
    Files.createDirectories(shot.getParent());
    Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(shot)).isPositive();
  }

  @Test
  void thePageWorksUnderItsContentSecurityPolicyWhichBlocksInlineScript() {
    String tag = "csp-" + UUID.randomUUID();
    Logger.get("viewer.browser").error("under csp " + tag);
    open(q("q", tag));
    awaitMessages("under csp " + tag);
    assertThat(browser.getCurrentUrl()).as("the bare endpoint path redirects below itself")
        .startsWith("http://127.0.0.1:" + managementPort + "/actuator/logviewer/?");
    assertThat(browser.findElement(By.cssSelector("#rows tr.sev-ERROR")).getCssValue("background-color"))
        .as("viewer.css applied").isEqualTo("rgba(254, 226, 226, 1)");
    // Script Selenium runs is exempt from the page's CSP; a script element it adds is not.
    assertThat(((JavascriptExecutor) browser).executeScript("""
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.head.appendChild(s);
        const st = document.createElement('style');
        st.textContent = 'body { background: rgb(1, 2, 3) !important; }';
        document.head.appendChild(st);
        return [window.__inline === undefined, getComputedStyle(document.body).backgroundColor];"""))
        .as("inline script and style are blocked").isEqualTo(List.of(true, "rgb(250, 250, 250)"));
  }

  @Test
  void aHostileRecordRendersAsText() {
    String t = "h" + UUID.randomUUID();
    String body = "<script>window.__pwned=1</script><b>bold</b> " + t;
    Logger.get("<img src=x onerror=\"window.__pwned=2\">").error(body, Map.of(
        "<i>key</i>", "<img src=x onerror=\"window.__pwned=3\">",
        "evil.url", "javascript:window.__pwned=4",
        // Not *.markdown / *.code: the sample's AI-agent pack empties those (body privacy).
        "evil.note", "<script>window.__pwned=5</script>**md**",
        "evil.path", "</code><b>x</b>"));
    open(q("q", t));
    awaitMessages(body);
    browser.findElement(By.cssSelector("#rows tr.rec")).click();
    String detail = browser.findElement(By.id("detail")).getText();
    assertThat(detail).contains("<i>key</i>", "<img src=x onerror=\"window.__pwned=3\">",
        "javascript:window.__pwned=4", "<script>window.__pwned=5</script>**md**", "</code><b>x</b>");
    assertThat(browser.findElement(By.cssSelector("#rows td.logger")).getText())
        .isEqualTo("<img src=x onerror=\"window.__pwned=2\">");
    assertThat(browser.findElements(By.cssSelector("main script, main img, main b, main i"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("#detail a"))).as("no javascript: link").isEmpty();
    assertThat(((JavascriptExecutor) browser).executeScript("return window.__pwned === undefined;"))
        .isEqualTo(true);
  }
}
