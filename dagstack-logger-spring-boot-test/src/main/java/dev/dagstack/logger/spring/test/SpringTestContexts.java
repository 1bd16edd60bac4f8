package dev.dagstack.logger.spring.test;

import dev.dagstack.logger.LoggerProvider;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The Spring test context of a JUnit test, read only when Spring's test framework is there. */
final class SpringTestContexts {

  private static final String SPRING_EXTENSION =
      "org.springframework.test.context.junit.jupiter.SpringExtension";
  private static final boolean SPRING_TEST = present(SPRING_EXTENSION);

  private SpringTestContexts() {}

  /**
   * The {@link LoggerProvider} bean of the test's application context, or {@code null}: no
   * Spring test framework, a test that does not run with the {@code SpringExtension}, or a
   * context without a unique provider bean.
   */
  static LoggerProvider loggerProvider(ExtensionContext context) {
    if (!SPRING_TEST || !springTest(context.getRequiredTestClass())) {
      return null;
    }
    return Spring.loggerProvider(context);
  }

  /** Whether the class or an enclosing one (JUnit's {@code @Nested}) uses the SpringExtension. */
  private static boolean springTest(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      boolean spring = AnnotationSupport.findRepeatableAnnotations(c, ExtendWith.class).stream()
          .flatMap(extendWith -> java.util.Arrays.stream(extendWith.value()))
          .anyMatch(type -> type.getName().equals(SPRING_EXTENSION));
      if (spring) {
        return true;
      }
    }
    return false;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, SpringTestContexts.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Touches Spring types only when they are there (a nested class loads lazily). */
  private static final class Spring {
    static LoggerProvider loggerProvider(ExtensionContext context) {
      return org.springframework.test.context.junit.jupiter.SpringExtension
          .getApplicationContext(context).getBeanProvider(LoggerProvider.class).getIfUnique();
    }
  }
}
