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
   * user info ({@code user:password@} becomes {@code ***@}) and the value of every query
   * parameter ({@code api_key=***}). Works on text that does not parse as a URL as well (the
   * endpoint a refusal quotes). {@code null} for {@code null}.
   */
  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    String text = url;
    int scheme = text.indexOf("://");
    int authorityStart = scheme < 0 ? 0 : scheme + 3;
    int authorityEnd = text.length();
    for (int i = authorityStart; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        authorityEnd = i;
        break;
      }
    }
    // The last '@' of the authority: a password may hold an unescaped '@' of its own.
    int at = authorityEnd == 0 ? -1 : text.lastIndexOf('@', authorityEnd - 1);
    if (at >= authorityStart) {
      text = text.substring(0, authorityStart) + "***" + text.substring(at);
    }
    int query = text.indexOf('?');
    if (query >= 0) {
      int fragment = text.indexOf('#', query);
      int end = fragment < 0 ? text.length() : fragment;
      StringBuilder masked = new StringBuilder();
      for (String parameter : text.substring(query + 1, end).split("&", -1)) {
        int equals = parameter.indexOf('=');
        masked.append(masked.length() == 0 ? "" : "&")
            .append(equals < 0 ? parameter : parameter.substring(0, equals + 1) + "***");
      }
      text = text.substring(0, query + 1) + masked + text.substring(end);
    }
    return text;
  }
}
