package dev.dagstack.logger.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ValuesTest {

  enum Color { RED }

  @AfterEach
  void removeConverter() {
    Values.setConverter(null);
  }

  @Test
  void integralTypesBecomeLong() {
    assertThat(Values.canonical((byte) -3)).isEqualTo(-3L);
    assertThat(Values.canonical((short) 300)).isEqualTo(300L);
    assertThat(Values.canonical(42)).isEqualTo(42L);
    assertThat(Values.canonical(Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    assertThat(Values.canonical(new AtomicInteger(5))).isEqualTo(5L);
    assertThat(Values.canonical(new AtomicLong(6))).isEqualTo(6L);
    assertThat(Values.canonical(new AtomicBoolean(true))).isEqualTo(true);
  }

  @Test
  void bigIntegerIsLongWithinInt64ElseItsDigits() {
    assertThat(Values.canonical(BigInteger.valueOf(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    assertThat(Values.canonical(BigInteger.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    assertThat(Values.canonical(BigInteger.TWO.pow(63))).isEqualTo("9223372036854775808");
  }

  @Test
  void floatingTypesBecomeDoubleAndBigDecimalItsExactText() {
    assertThat(Values.canonical(1.5f)).isEqualTo(1.5);
    assertThat(Values.canonical(Float.NaN)).isEqualTo(Double.NaN);
    assertThat(Values.canonical(0.1)).isEqualTo(0.1);
    assertThat(Values.canonical(new BigDecimal("0.10000000000000000000001")))
        .isEqualTo("0.10000000000000000000001");
  }

  @Test
  void textLikeValuesBecomeStrings() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(Values.canonical(new StringBuilder("sb"))).isEqualTo("sb");
    assertThat(Values.canonical('c')).isEqualTo("c");
    assertThat(Values.canonical(Color.RED)).isEqualTo("RED");
    assertThat(Values.canonical(id)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(Values.canonical(Instant.parse("2026-11-21T10:15:30.123456Z")))
        .isEqualTo("2026-11-21T10:15:30.123456Z");
    assertThat(Values.canonical(LocalDate.of(2026, 11, 21))).isEqualTo("2026-11-21");
    assertThat(Values.canonical(OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.ofHours(2))))
        .isEqualTo("2026-11-21T10:00+02:00");
    assertThat(Values.canonical(Duration.ofSeconds(90))).isEqualTo("PT1M30S");
    assertThat(Values.canonical(Period.ofDays(3))).isEqualTo("P3D");
  }

  @Test
  void optionalsUnwrap() {
    assertThat(Values.canonical(Optional.of(3))).isEqualTo(3L);
    assertThat(Values.canonical(Optional.empty())).isNull();
    assertThat(Values.canonical(OptionalInt.of(4))).isEqualTo(4L);
    assertThat(Values.canonical(OptionalInt.empty())).isNull();
    assertThat(Values.canonical(OptionalLong.of(5))).isEqualTo(5L);
    assertThat(Values.canonical(OptionalDouble.of(0.5))).isEqualTo(0.5);
    assertThat(Values.canonical(OptionalDouble.empty())).isNull();
  }

  @Test
  void arraysAndCollectionsBecomeUnmodifiableLists() {
    assertThat(Values.canonical(new int[] {1, 2})).isEqualTo(List.of(1L, 2L));
    assertThat(Values.canonical(new double[] {0.5})).isEqualTo(List.of(0.5));
    assertThat(Values.canonical(new Object[] {1, "a", null})).isEqualTo(java.util.Arrays.asList(1L, "a", null));
    assertThat(Values.canonical(new byte[] {1, 2, 3})).isEqualTo("AQID");
    assertThat(Values.canonical(new char[] {'h', 'i'})).isEqualTo("hi");
    assertThat(Values.canonical(Set.of(7))).isEqualTo(List.of(7L));
    Object list = Values.canonical(new ArrayList<>(List.of(1, List.of(2))));
    assertThat(list).isEqualTo(List.of(1L, List.of(2L)));
    assertThat(Values.isCanonical(list)).isTrue();
    assertThat(Values.canonical(list)).isSameAs(list);
    assertThat(Values.isCanonical(new ArrayList<>())).isFalse();
  }

  @Test
  void mapsBecomeAttrsWithStringKeys() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(1, "one");
    map.put("nested", Map.of("x", 2));
    Object converted = Values.canonical(map);
    assertThat(converted).isInstanceOf(Attrs.class)
        .isEqualTo(Attrs.of("1", "one", "nested", Attrs.of("x", 2L)));
  }

  @Test
  void unknownTypesGoThroughTheInstalledConverterElseToString() {
    Object point = new Object() {
      @Override
      public String toString() {
        return "point(1,2)";
      }
    };
    assertThat(Values.canonical(point)).isEqualTo("point(1,2)");
    Values.setConverter(v -> v == point ? Map.of("x", 1, "y", 2) : null);
    assertThat(Values.converter()).isNotNull();
    assertThat(Values.canonical(point)).isEqualTo(Attrs.of("x", 1L, "y", 2L));
    assertThat(Values.canonical(List.of(point))).isEqualTo(List.of(Attrs.of("x", 1L, "y", 2L)));
    assertThat(Values.canonical(new StringBuilder("x"))).isEqualTo("x");
  }

  @Test
  void aConverterReturningItsInputIsNotCalledAgain() {
    Object odd = new Object() {
      @Override
      public String toString() {
        return "odd";
      }
    };
    Values.setConverter(v -> v);
    assertThat(Values.canonical(odd)).isEqualTo("odd");
  }

  @Test
  void aThrowingConverterFallsBackToToString() {
    Object thing = new Object() {
      @Override
      public String toString() {
        return "thing";
      }
    };
    Values.setConverter(v -> {
      throw new IllegalStateException("boom");
    });
    assertThat(Values.canonical(thing)).isEqualTo("thing");
  }

  @Test
  void aThrowingToStringNeverEscapes() {
    Object bad = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("no");
      }
    };
    assertThat((String) Values.canonical(bad)).startsWith("<unrepresentable ");
    assertThat(Values.canonical(List.of(1, bad)))
        .asList().element(1).asString().startsWith("<unrepresentable ");
  }

  @Test
  @SuppressWarnings("unchecked")
  void cyclesAreCutByIdentityAtTheFirstRepetition() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    Object converted = Values.canonical(cycle);
    Object current = converted;
    int depth = 0;
    while (current instanceof List) {
      current = ((List<?>) current).get(0);
      depth++;
    }
    assertThat(current).isEqualTo(Values.CYCLE);
    // Cut at the first repetition: the list holding itself is written as ['<cycle>'].
    assertThat(depth).isEqualTo(1);
    assertThat(converted).isEqualTo(List.of(Values.CYCLE));

    Map<String, Object> self = new LinkedHashMap<>();
    self.put("me", self);
    self.put("name", "root");
    Object map = Values.canonical(self);
    int levels = 0;
    while (map instanceof Attrs) {
      assertThat(((Attrs) map).get("name")).isEqualTo("root");
      map = ((Attrs) map).get("me");
      levels++;
    }
    assertThat(map).isEqualTo(Values.CYCLE);
    assertThat(levels).isEqualTo(1);

    // A cycle back to the root from past the shallow path (12 levels down) is cut there too.
    List<Object> root = new ArrayList<>();
    List<Object> inner = root;
    for (int i = 0; i < 12; i++) {
      List<Object> next = new ArrayList<>();
      inner.add(next);
      inner = next;
    }
    inner.add(root);
    Object deep = Values.canonical(root);
    int deepLevels = 0;
    while (deep instanceof List) {
      deep = ((List<Object>) deep).get(0);
      deepLevels++;
    }
    assertThat(deep).isEqualTo(Values.CYCLE);
    assertThat(deepLevels).isEqualTo(13);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSharedButAcyclicValueIsWrittenWholeEachTime() {
    List<Object> shared = List.of("x");
    List<Object> deep = new ArrayList<>();
    Object current = deep;
    for (int i = 0; i < 20; i++) {
      List<Object> next = new ArrayList<>();
      ((List<Object>) current).add(shared);
      ((List<Object>) current).add(shared);
      ((List<Object>) current).add(next);
      current = next;
    }
    assertThat(String.valueOf(Values.canonical(deep))).doesNotContain(Values.CYCLE)
        .contains("[x]");
  }

  @Test
  void valuesNestedFortyDeepAreWrittenWhole() {
    // The Python reference writes 40-deep maps whole; so does this binding (issue 11, case 3).
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("leaf", "bottom");
    for (int i = 0; i < 40; i++) {
      Map<String, Object> outer = new LinkedHashMap<>();
      outer.put("n", nested);
      nested = outer;
    }
    Object value = Values.canonical(nested);
    for (int i = 0; i < 40; i++) {
      value = ((Attrs) value).get("n");
    }
    assertThat(((Attrs) value).get("leaf")).isEqualTo("bottom");
  }

  @Test
  void wellKnownTypesBecomeTheirNaturalValue() throws Exception {
    // A Path is an Iterable of Paths, itself included: once written as 32 nested lists (case 2).
    assertThat(Values.canonical(java.nio.file.Path.of("/var/log/app.jsonl")))
        .isEqualTo("/var/log/app.jsonl");
    assertThat(Values.canonical(java.nio.file.Path.of("relative"))).isEqualTo("relative");
    assertThat(Values.canonical(new java.io.File("/tmp/x"))).isEqualTo("/tmp/x");
    assertThat(Values.canonical(java.net.URI.create("https://example.com/a?b=c")))
        .isEqualTo("https://example.com/a?b=c");
    assertThat(Values.canonical(new java.net.URL("https://example.com/x")))
        .isEqualTo("https://example.com/x");
    assertThat(Values.canonical(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1})))
        .isEqualTo("127.0.0.1");
    assertThat(Values.canonical(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("UTF-8");
    assertThat(Values.canonical(java.util.Locale.forLanguageTag("pt-BR"))).isEqualTo("pt-BR");
    assertThat(Values.canonical(java.util.Currency.getInstance("EUR"))).isEqualTo("EUR");
    assertThat(Values.canonical(java.util.TimeZone.getTimeZone("Europe/Berlin")))
        .isEqualTo("Europe/Berlin");
    assertThat(Values.canonical(java.time.ZoneId.of("Europe/Berlin"))).isEqualTo("Europe/Berlin");
    assertThat(Values.canonical(String.class)).isEqualTo("java.lang.String");
    assertThat(Values.canonical(java.time.Month.MAY)).isEqualTo("MAY");
    assertThat(Values.canonical(java.time.LocalDate.of(2026, 11, 30))).isEqualTo("2026-11-30");
    assertThat(Values.canonical(java.util.Optional.of(java.nio.file.Path.of("/a"))))
        .isEqualTo("/a");
    assertThat(Values.canonical(new int[] {1, 2})).isEqualTo(List.of(1L, 2L));
    assertThat(Values.canonical(new double[] {0.5})).isEqualTo(List.of(0.5));
    assertThat(Values.canonical(new boolean[] {true})).isEqualTo(List.of(true));
  }

  @Test
  void anEndlessIterableIsCutAtTheElementBudget() {
    Iterable<Object> endless = () -> new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Object next() {
        return "x";
      }
    };
    List<?> converted = (List<?>) Values.canonical(endless);
    assertThat(converted).hasSize(Values.MAX_ELEMENTS + 1);
    assertThat(converted.get(Values.MAX_ELEMENTS)).isEqualTo(Values.ELEMENTS_CUT);
  }

  @Test
  void canonicalValuesPassThroughUnchanged() {
    Attrs attrs = Attrs.of("a", 1);
    assertThat(Values.canonical(attrs)).isSameAs(attrs);
    assertThat(Values.canonical("s")).isSameAs("s");
    assertThat(Values.canonical(null)).isNull();
    assertThat(Values.isCanonical(1L)).isTrue();
    assertThat(Values.isCanonical(1)).isFalse();
  }
}
