package dev.dagstack.logger.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagstack.logger.record.LogRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operation tree stays a tree whatever the records' parent ids say. */
class OperationTreeTest {

  /** Reads answers nested deeper than Jackson's default limit (the deep chain below). */
  private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(5_000).build())
      .build()).build();

  private static LogRecord op(String id, String parent) {
    return LogRecord.builder().timeUnixNano(1L).severityNumber(9).body("op " + id)
        .attributes(parent == null ? Map.of("operation.id", id)
            : Map.of("operation.id", id, "operation.parent.id", parent)).build();
  }

  /** Where a node sits in the answer's tree. */
  private record Place(String treeParent, int depth) {}

  /**
   * Every node of the answer's tree by id: the id of the node it hangs under (null for a root)
   * and its depth (0 for a root); an id shown twice fails.
   */
  private static Map<String, Place> places(String body) {
    Map<String, Place> places = new LinkedHashMap<>();
    for (JsonNode root : JSON.readTree(body).get("operations")) {
      collect(root, null, 0, places);
    }
    return places;
  }

  private static void collect(JsonNode node, String parent, int depth, Map<String, Place> places) {
    String id = node.get("id").asString();
    assertThat(places.put(id, new Place(parent, depth))).as("%s shown once", id).isNull();
    for (JsonNode child : node.get("children")) {
      collect(child, id, depth + 1, places);
    }
  }

  @Test
  void operationsWhoseParentsFormACycleAreShownAsRoots() {
    ViewerBuffer buffer = new ViewerBuffer(10);
    buffer.emit(op("a", "b"));
    buffer.emit(op("b", "a"));
    buffer.emit(op("c", "a"));
    buffer.emit(op("d", null));
    buffer.emit(op("e", "d"));
    buffer.emit(op("f", "e"));
    String body = new ViewerApi(buffer).operations(Map.of());
    Map<String, Place> places = places(body);
    assertThat(places).as(body).containsOnlyKeys("a", "b", "c", "d", "e", "f");
    assertThat(places.get("a")).isEqualTo(new Place(null, 0));
    assertThat(places.get("b")).isEqualTo(new Place(null, 0));
    // c's parent is shown (as a root): c hangs under it.
    assertThat(places.get("c")).isEqualTo(new Place("a", 1));
    // A sound chain beside the cycle nests as its parent ids say.
    assertThat(places.get("d")).isEqualTo(new Place(null, 0));
    assertThat(places.get("e")).isEqualTo(new Place("d", 1));
    assertThat(places.get("f")).isEqualTo(new Place("e", 2));
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
    assertThat(body).doesNotContain("\"children\":\"");
    Map<String, Place> places = places(body);
    assertThat(places).hasSize(depth);
    // The chain nests as deep as an answer may: n_i under n_(i-1), at depth i.
    for (int i = 0; i < ViewerApi.MAX_TREE_LEVELS; i++) {
      assertThat(places.get("n" + i)).as("n" + i)
          .isEqualTo(new Place(i == 0 ? null : "n" + (i - 1), i));
    }
    // Below that, each is shown as a root.
    List<String> deeper = new ArrayList<>();
    for (int i = ViewerApi.MAX_TREE_LEVELS; i < depth; i++) {
      deeper.add("n" + i);
      assertThat(places.get("n" + i)).as("n" + i).isEqualTo(new Place(null, 0));
    }
    assertThat(deeper).hasSize(40);
  }
}
