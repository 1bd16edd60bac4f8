package dev.dagstack.logger.spring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;

/**
 * Finds property names that name no setting: each configured name under a prefix is walked
 * through the JavaBean properties of the class it binds to (nested classes and the elements of
 * lists of settings groups are followed; maps and lists of single values accept anything below
 * them), and the first unknown element is reported with the
 * nearest valid name. Boot's binder ignores unknown names; this is what makes a typo such as
 * {@code dagstack.logger.levle} or {@code max-byte} fail startup instead.
 */
final class PropertyNames {

  /** How every unknown-name reason starts. */
  static final String NO_SUCH_SETTING = "no such setting";

  private PropertyNames() {}

  /**
   * Every configured property under {@code prefix}, each with the value and origin of its
   * highest-precedence source, ordered from the lowest-precedence source up (so the order of an
   * {@code application.yaml} comes first).
   */
  static Map<ConfigurationPropertyName, ConfigurationProperty> under(
      Iterable<ConfigurationPropertySource> all,
      ConfigurationPropertyName prefix) {
    List<IterableConfigurationPropertySource> sources = new ArrayList<>();
    for (ConfigurationPropertySource source : all) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        sources.add(iterable);
      }
    }
    Map<ConfigurationPropertyName, ConfigurationProperty> found = new LinkedHashMap<>();
    for (int i = sources.size() - 1; i >= 0; i--) {
      IterableConfigurationPropertySource source = sources.get(i);
      source.filter(prefix::isAncestorOf).stream().forEach(name -> {
        ConfigurationProperty property = source.getConfigurationProperty(name);
        if (property != null) {
          found.put(name, property);
        }
      });
    }
    return found;
  }

  /**
   * Checks the elements of {@code name} from index {@code from} against {@code type}.
   *
   * @param allowedFirst the names accepted at the first level, or {@code null} for every
   *     JavaBean property of {@code type}
   * @return {@code null} when the name binds, else why not (with the nearest valid name)
   */
  static String unknown(ConfigurationPropertyName name, int from, Class<?> type,
      Set<String> allowedFirst) {
    Class<?> current = type;
    for (int i = from; i < name.getNumberOfElements(); i++) {
      if (isContainer(current)) {
        return null;
      }
      Map<String, Class<?>> candidates = properties(current);
      if (i == from && allowedFirst != null) {
        candidates.keySet().retainAll(allowedFirst);
      }
      String parent = prefix(name, i);
      if (candidates.isEmpty()) {
        return NO_SUCH_SETTING + "; " + parent + " has no settings below it";
      }
      String element = name.isNumericIndex(i) ? "" : name.getElement(i, Form.UNIFORM);
      Class<?> match = null;
      String matchName = null;
      for (Map.Entry<String, Class<?>> candidate : candidates.entrySet()) {
        if (candidate.getKey().replace("-", "").equals(element)) {
          match = candidate.getValue();
          matchName = candidate.getKey();
        }
      }
      if (match == null) {
        String nearest = nearest(name.getElement(i, Form.DASHED), candidates.keySet());
        return NO_SUCH_SETTING + (nearest == null ? "" : "; did you mean " + parent + "." + nearest + "?")
            + (nearest == null ? "; settings" : " Settings") + " here: "
            + String.join(", ", candidates.keySet());
      }
      Class<?> elements = beanElements(current, matchName);
      current = match;
      if (elements != null && i + 2 < name.getNumberOfElements() && name.isNumericIndex(i + 1)) {
        // A list of settings groups (processors[0].rate): past the index, the element's settings.
        i++;
        current = elements;
        continue;
      }
      if (isLeaf(current) && i < name.getNumberOfElements() - 1) {
        return NO_SUCH_SETTING + "; " + prefix(name, i + 1) + " takes a single value";
      }
    }
    return null;
  }

  /** The kebab-case JavaBean properties of {@code type}: writable ones and nested groups. */
  static Map<String, Class<?>> properties(Class<?> type) {
    Map<String, Class<?>> properties = new LinkedHashMap<>();
    for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
      Class<?> propertyType = descriptor.getPropertyType();
      if (propertyType == null || descriptor.getReadMethod() == null
          || "class".equals(descriptor.getName())) {
        continue;
      }
      if (descriptor.getWriteMethod() != null || !isLeaf(propertyType)) {
        properties.put(DataObjectPropertyName.toDashedForm(descriptor.getName()), propertyType);
      }
    }
    return properties;
  }

  /**
   * The candidate closest to {@code given} by edit distance (the first one on a tie), or
   * {@code null} when even that one is not close: more than a third of {@code given}'s length
   * (at least 2) edits away, so that {@code keep} suggests nothing rather than {@code mode}.
   */
  static String nearest(String given, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(given, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= Math.max(2, given.length() / 3) ? best : null;
  }

  /**
   * The class of the elements of {@code owner}'s list property {@code dashedName} when they are
   * settings groups (not single values), else {@code null}.
   */
  private static Class<?> beanElements(Class<?> owner, String dashedName) {
    for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(owner)) {
      if (descriptor.getReadMethod() != null
          && List.class.isAssignableFrom(descriptor.getPropertyType())
          && DataObjectPropertyName.toDashedForm(descriptor.getName()).equals(dashedName)
          && descriptor.getReadMethod().getGenericReturnType() instanceof ParameterizedType list
          && list.getActualTypeArguments()[0] instanceof Class<?> element
          && !isContainer(element) && !isLeaf(element)) {
        return element;
      }
    }
    return null;
  }

  private static String prefix(ConfigurationPropertyName name, int elements) {
    return name.chop(elements).toString();
  }

  private static boolean isContainer(Class<?> type) {
    return Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)
        || type.isArray();
  }

  private static boolean isLeaf(Class<?> type) {
    return !isContainer(type) && (BeanUtils.isSimpleValueType(type) || type.isEnum() || type.isPrimitive()
        || type.getName().startsWith("java.") || type.getName().startsWith("org.springframework."));
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
