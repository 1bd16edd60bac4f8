package dev.dagstack.logger.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operation tree stays a tree whatever the records' parent ids say. */
class OperationTreeTest {

  private static LogRecord op(String id, String parent) {
    return LogRecord.builder().timeUnixNano(1L).severityNumber(9).body("op " + id)
        .attributes(parent == null ? Map.of("operation.id", id)
            : Map.of("operation.id", id, "operation.parent.id", parent)).build();
  }

  @Test
  void operationsWhoseParentsFormACycleAreShownAsRoots() {
    ViewerBuffer buffer = new ViewerBuffer(10);
    buffer.emit(op("a", "b"));
    buffer.emit(op("b", "a"));
    buffer.emit(op("c", "a"));
    String body = new ViewerApi(buffer).operations(Map.of());
    assertThat(body).contains("\"id\":\"a\"").contains("\"id\":\"b\"").contains("\"id\":\"c\"");
  }

  @Test
  void aChainDeeperThanTheEncoderCanNestStaysArraysAllTheWayDown() {
    int depth = ViewerApi.MAX_TREE_LEVELS + 40;
    ViewerBuffer buffer = new ViewerBuffer(depth + 10);
    buffer.emit(op("n0", null));
    for (int i = 1; i < depth; i++) {
      buffer.emit(op("n" + i, "n" + (i - 1)));
    }
    String body = new ViewerApi(buffer).operations(Map.of());
    assertThat(body).doesNotContain("max depth exceeded");
    for (int i = 0; i < depth; i++) {
      assertThat(body).contains("\"id\":\"n" + i + "\"");
    }
    assertThat(body).doesNotContain("\"children\":\"");
  }
}
