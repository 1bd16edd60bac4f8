package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.record.ValueConverter;
import dev.dagstack.logger.record.Values;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts attribute values that the core's value model does not know (application objects,
 * records, beans) into maps and lists through the application's Jackson {@link JsonMapper}, so
 * they are logged with the same names and formats as the application's JSON.
 */
@AutoConfiguration(after = DagstackLoggerAutoConfiguration.class,
    afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(JsonMapper.class)
@ConditionalOnBean({DagstackLoggerConfigurer.class, JsonMapper.class})
public final class DagstackJacksonAutoConfiguration {

  @Bean
  InstalledValueConverter dagstackJacksonValueConverter(JsonMapper jsonMapper) {
    return new InstalledValueConverter(new JacksonValueConverter(jsonMapper));
  }

  /** A {@link ValueConverter} backed by a Jackson 3 {@link JsonMapper}. */
  static final class JacksonValueConverter implements ValueConverter {
    private final JsonMapper mapper;

    JacksonValueConverter(JsonMapper mapper) {
      this.mapper = mapper;
    }

    @Override
    public Object convert(Object value) {
      if (isPlatformType(value.getClass())) {
        // The JDK's own objects (a Thread, a ClassLoader, a socket) are what their toString says:
        // Jackson would walk their getters (a Thread gave 18 KB: its stack, its class loader).
        return null;
      }
      Object converted;
      try {
        converted = mapper.convertValue(value, Object.class);
      } catch (InvalidDefinitionException e) {
        if (String.valueOf(e.getOriginalMessage()).contains("no properties discovered")) {
          // A type Jackson has nothing to say about (no properties): its toString applies.
          return null;
        }
        // A self-reference and the like: the core reports it and writes the value's toString.
        throw e;
      }
      // No properties, with FAIL_ON_EMPTY_BEANS off: {} says nothing either; its toString does.
      return converted instanceof java.util.Map<?, ?> map && map.isEmpty() ? null : converted;
    }

    /**
     * A JDK class, or a subclass of one (Tomcat's threads, a custom class loader); not an
     * application's record, whose superclass is {@code java.lang.Record}.
     */
    private static boolean isPlatformType(Class<?> type) {
      for (Class<?> c = type; c != null && c != Object.class && c != Record.class;
          c = c.getSuperclass()) {
        String name = c.getName();
        if (name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
            || name.startsWith("sun.") || name.startsWith("com.sun.")) {
          return true;
        }
      }
      return false;
    }
  }

  /** Installs the converter for the context's lifetime. */
  static final class InstalledValueConverter implements DisposableBean {
    private final ValueConverter converter;

    InstalledValueConverter(ValueConverter converter) {
      this.converter = converter;
      Values.setConverter(converter);
    }

    @Override
    public void destroy() {
      if (Values.converter() == converter) {
        Values.setConverter(null);
      }
    }
  }
}
