package dev.dagstack.logger.redaction;

/**
 * Masks the credentials a URL may carry, for the places that show an endpoint to people (a sink's
 * id, its reports and errors, the actuator): user info and query parameter values. The one way
 * the project does it; never throws.
 */
public final class UrlCredentials {

  private UrlCredentials() {}

  /**
   * {@code url} with what may be credentials masked, as an OTLP sink shows its endpoint (its
   * id, reports, errors) and the Spring starter's actuator shows URL-valued properties: the
   * user info ({@code user:password@} becomes {@code ***@}), the value of every query
   * parameter ({@code api_key=***}) and the fragment. Works on text that does not parse as a URL
   * as well (the endpoint a refusal quotes: no or a malformed scheme, blanks, a second '@').
   * {@code null} for {@code null}.
   */
  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    int query = url.indexOf('?');
    int fragment = url.indexOf('#');
    int end = query >= 0 && (fragment < 0 || query < fragment) ? query
        : fragment >= 0 ? fragment : url.length();
    // Fail-closed: the last '@' before the query or fragment ends the user info (a password may
    // hold an unescaped '@', a malformed URL may lack its "//"), which starts after the scheme's
    // "://", ":/" or a leading "//", else at the start.
    String text = url;
    int at = end == 0 ? -1 : url.lastIndexOf('@', end - 1);
    if (at >= 0) {
      int scheme = url.indexOf("://");
      int colonSlash = url.indexOf(":/");
      int start = scheme >= 0 && scheme < at ? scheme + 3
          : url.startsWith("//") ? 2
          : colonSlash >= 0 && colonSlash < at ? colonSlash + 2 : 0;
      text = url.substring(0, start) + "***" + url.substring(at);
    }
    query = text.indexOf('?');
    fragment = text.indexOf('#');
    if (query >= 0 && (fragment < 0 || query < fragment)) {
      int queryEnd = fragment < 0 ? text.length() : fragment;
      StringBuilder masked = new StringBuilder();
      for (String parameter : text.substring(query + 1, queryEnd).split("&", -1)) {
        int equals = parameter.indexOf('=');
        masked.append(masked.length() == 0 ? "" : "&")
            .append(equals < 0 ? parameter : parameter.substring(0, equals + 1) + "***");
      }
      text = text.substring(0, query + 1) + masked + text.substring(queryEnd);
      fragment = text.indexOf('#', query);
    }
    // A fragment may carry a token too (OAuth's implicit flow puts one there).
    if (fragment >= 0 && fragment < text.length() - 1) {
      text = text.substring(0, fragment + 1) + "***";
    }
    return text;
  }
}
