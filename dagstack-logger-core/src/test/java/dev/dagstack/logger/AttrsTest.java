package dev.dagstack.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagstack.logger.record.Attrs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttrsTest {

  @Test
  void ofConvertsValuesAndKeepsInsertionOrder() {
    Attrs attrs = Attrs.of("order.id", 1234, "user.id", 42, "ok", true);
    assertThat(attrs.get("order.id")).isEqualTo(1234L);
    assertThat(new ArrayList<>(attrs.keySet())).containsExactly("order.id", "user.id", "ok");
    assertThat(attrs.keyAt(1)).isEqualTo("user.id");
    assertThat(attrs.valueAt(2)).isEqualTo(true);
    assertThatThrownBy(() -> attrs.keyAt(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void varargsFormTakesAnyNumberOfPairs() {
    Attrs attrs = Attrs.of("a", 1, "b", 2, "c", 3, "d", 4, "e", 5, "f", 6, 7, "seven");
    assertThat(attrs).hasSize(7).containsEntry("7", "seven").containsEntry("f", 6L);
    assertThat(Attrs.of("lonely")).containsEntry("lonely", null);
    assertThat(Attrs.of()).isSameAs(Attrs.empty());
  }

  @Test
  void laterDuplicatesReplaceEarlierOnes() {
    assertThat(Attrs.of("a", 1, "b", 2, "a", 3)).containsExactly(Map.entry("a", 3L), Map.entry("b", 2L));
  }

  @Test
  void keysWithTheSameHashAreDifferentKeysAndEqualKeysOfOtherInstancesAreTheSame() {
    // "Aa" and "BB" share a hash code: the builder compares hashes first, then contents.
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    Attrs attrs = Attrs.builder().put("Aa", 1).put("BB", 2).put(new String("Aa"), 3).build();
    assertThat(attrs).containsExactly(Map.entry("Aa", 3L), Map.entry("BB", 2L));
  }

  @Test
  void largeMapsDeduplicateToo() {
    Attrs.Builder builder = Attrs.builder();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 1000; i++) {
        builder.put("k" + i, round * 1000 + i);
      }
    }
    Attrs attrs = builder.build();
    assertThat(attrs).hasSize(1000);
    assertThat(attrs.get("k0")).isEqualTo(2000L);
    assertThat(attrs.keyAt(999)).isEqualTo("k999");
    assertThat(attrs.get("k999")).isEqualTo(2999L);
  }

  @Test
  void nullKeysAreDroppedNotThrown() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(null, 1);
    map.put("b", 2);
    assertThat(Attrs.from(map)).containsExactly(Map.entry("b", 2L));
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void keysThatAreNotStringsBecomeTheirTextAsInANestedMap() {
    // Raw or unchecked maps reach the API; such a key must not cost the map's other entries.
    Map raw = new LinkedHashMap();
    raw.put(7, "seven");
    raw.put("b", 2);
    raw.put(java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"), true);
    Attrs top = Attrs.from((Map<String, ?>) raw);
    assertThat(top).containsExactly(Map.entry("7", "seven"), Map.entry("b", 2L),
        Map.entry("00000000-0000-0000-0000-000000000001", true));
    assertThat(Attrs.of("nested", raw).get("nested")).isEqualTo(top);
  }

  @Test
  void fromAndMerging() {
    Attrs base = Attrs.from(Map.of("a", 1));
    assertThat(Attrs.from(base)).isSameAs(base);
    assertThat(Attrs.from(null)).isSameAs(Attrs.empty());
    Attrs merged = base.withAll(Attrs.of("a", 2, "b", List.of(1)));
    assertThat(merged).containsExactly(Map.entry("a", 2L), Map.entry("b", List.of(1L)));
    assertThat(base.withAll(Attrs.empty())).isSameAs(base);
    assertThat(Attrs.empty().withAll(base)).isSameAs(base);
    assertThat(base.with("c", 3)).containsEntry("c", 3L).containsEntry("a", 1L);
    assertThat(base).hasSize(1);
  }

  @Test
  void isAnImmutableMap() {
    Attrs attrs = Attrs.of("a", 1);
    assertThatThrownBy(() -> attrs.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(attrs).isEqualTo(Map.of("a", 1L));
    assertThat(attrs.hashCode()).isEqualTo(Map.of("a", 1L).hashCode());
  }
}
