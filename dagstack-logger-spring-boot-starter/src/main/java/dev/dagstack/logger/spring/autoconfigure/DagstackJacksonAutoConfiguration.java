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
      try {
        return mapper.convertValue(value, Object.class);
      } catch (InvalidDefinitionException e) {
        // A type Jackson has nothing to say about (no properties): its toString applies.
        return null;
      }
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
