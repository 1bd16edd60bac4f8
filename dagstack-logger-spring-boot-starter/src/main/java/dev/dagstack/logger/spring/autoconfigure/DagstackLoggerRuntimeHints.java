package dev.dagstack.logger.spring.autoconfigure;

import dev.dagstack.logger.convention.EventSchemas;
import dev.dagstack.logger.spring.sink.SinkType;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What the starter reads reflectively or as resources, for AOT processing and a GraalVM native
 * image: the log viewer's static page, the AI-agent schema and the application's event schema
 * files ({@value EventSchemas#CLASSPATH_DIRECTORY}), the {@link SinkType} service file and the
 * types it names, the settings classes the sink types bind ({@code dagstack.logger.sinks.<id>.*}),
 * and Spring Cloud's refresh event, whose changed keys are read by name.
 *
 * <p>An application's own {@code SinkType} <em>bean</em> is not known here: its settings class
 * needs {@code @RegisterReflectionForBinding} in a native image.
 */
class DagstackLoggerRuntimeHints implements RuntimeHintsRegistrar {

  /** Spring Cloud's environment change event; {@code getKeys()} is called reflectively. */
  static final String ENVIRONMENT_CHANGE_EVENT =
      "org.springframework.cloud.context.environment.EnvironmentChangeEvent";

  @Override
  public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
    hints.resources()
        .registerPattern("dev/dagstack/logger/viewer/*")
        .registerPattern("dev/dagstack/logger/convention/ai_agent.yaml")
        .registerPattern(EventSchemas.CLASSPATH_DIRECTORY + "/**")
        .registerPattern("META-INF/services/" + SinkType.class.getName());
    BindableRuntimeHintsRegistrar.forTypes(DagstackLoggerProperties.class,
        DagstackLoggerProperties.Sink.class).registerHints(hints, classLoader);
    for (SinkType<?> type : SinkFactory.discoverableTypes()) {
      hints.reflection().registerType(type.getClass(),
          MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
      BindableRuntimeHintsRegistrar.forTypes(type.settingsType()).registerHints(hints, classLoader);
    }
    hints.reflection().registerType(TypeReference.of(ENVIRONMENT_CHANGE_EVENT),
        MemberCategory.INVOKE_PUBLIC_METHODS);
  }
}
