package dev.dagstack.logger.processor;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The regex subset of spec §10.3: patterns that mean the same in ECMAScript and in Java, so that
 * one configuration masks the same text in every binding. Checked at configuration time; a
 * construct outside the subset is rejected with the pattern and the position (0-based).
 *
 * <p>Accepted: literals; {@code .}; classes {@code [...]} / {@code [^...]} with ranges;
 * {@code \d \D \w \W \s \S \b \B \t \n \f \r \xhh \}{@code uhhhh \cX}; escaped punctuation;
 * {@code ^ $}; groups {@code (...)}, {@code (?:...)}, {@code (?<name>...)}; lookaround
 * {@code (?=...) (?!...) (?<=...) (?<!...)}; back-references {@code \1}..{@code \9} and
 * {@code \k<name>}; {@code |}; quantifiers {@code * + ? {n} {n,} {n,m}} and their lazy forms.
 * Rejected (Java-only or different in ECMAScript): possessive quantifiers, atomic groups,
 * inline flags, {@code \A \Z \z \G \Q \E \p \h \v \R \0} and other letter or digit
 * escapes, nested or intersected classes, and a brace that does not start a quantifier.
 */
final class EcmaRegex {

  private EcmaRegex() {}

  /**
   * The compiled pattern.
   *
   * @throws IllegalArgumentException {@code what + " '" + pattern + "' ..."} naming the position
   *     and the construct
   */
  static Pattern compile(String pattern, String what) {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    new EcmaRegex.Checker(pattern, what).check();
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(what + " '" + pattern + "' is not a valid regex: "
          + e.getDescription() + " at position " + Math.max(0, e.getIndex()), e);
    }
  }

  private static final class Checker {
    private final String p;
    private final String what;
    private int i;
    /** Whether the previous token can take a quantifier. */
    private boolean quantifiable;

    Checker(String pattern, String what) {
      this.p = pattern;
      this.what = what;
    }

    private IllegalArgumentException reject(int at, String construct) {
      return new IllegalArgumentException(what + " '" + p + "' is outside the supported"
          + " ECMAScript-like regex subset: " + construct + " at position " + at);
    }

    void check() {
      int depth = 0;
      while (i < p.length()) {
        char c = p.charAt(i);
        switch (c) {
          case '\\':
            escape(false);
            quantifiable = true;
            break;
          case '[':
            charClass();
            quantifiable = true;
            break;
          case '(':
            group();
            depth++;
            quantifiable = false;
            break;
          case ')':
            if (depth == 0) {
              throw reject(i, "unbalanced ')'");
            }
            depth--;
            i++;
            quantifiable = true;
            break;
          case '*':
          case '+':
          case '?':
            quantifier(i, i + 1);
            break;
          case '{':
            int end = braceQuantifierEnd(i);
            if (end < 0) {
              throw reject(i, "'{' that does not start a quantifier {n}, {n,} or {n,m}"
                  + " (escape it as \\{)");
            }
            quantifier(i, end);
            break;
          case '}':
            throw reject(i, "unescaped '}' (escape it as \\})");
          case '|':
          case '^':
          case '$':
            i++;
            quantifiable = false;
            break;
          default:
            i++;
            quantifiable = true;
        }
      }
      if (depth != 0) {
        throw reject(p.length(), "unclosed '('");
      }
    }

    private void quantifier(int at, int next) {
      if (!quantifiable) {
        throw reject(at, "quantifier '" + p.charAt(at) + "' with nothing to repeat");
      }
      i = next;
      if (i < p.length() && p.charAt(i) == '+') {
        throw reject(i, "possessive quantifier '+'");
      }
      if (i < p.length() && p.charAt(i) == '?') {
        i++;
      }
      quantifiable = false;
    }

    /** The index after {@code {n}}, {@code {n,}} or {@code {n,m}} starting at {@code at}, or -1. */
    private int braceQuantifierEnd(int at) {
      int j = at + 1;
      int digits = 0;
      while (j < p.length() && Character.isDigit(p.charAt(j)) && p.charAt(j) < 0x80) {
        j++;
        digits++;
      }
      if (digits == 0) {
        return -1;
      }
      if (j < p.length() && p.charAt(j) == ',') {
        j++;
        while (j < p.length() && p.charAt(j) >= '0' && p.charAt(j) <= '9') {
          j++;
        }
      }
      return j < p.length() && p.charAt(j) == '}' ? j + 1 : -1;
    }

    private void group() {
      int at = i;
      i++;
      if (i < p.length() && p.charAt(i) == '?') {
        String rest = p.substring(i + 1);
        if (rest.startsWith(":") || rest.startsWith("=") || rest.startsWith("!")) {
          i += 2;
        } else if (rest.startsWith("<=") || rest.startsWith("<!")) {
          i += 3;
        } else if (rest.startsWith("<")) {
          int close = p.indexOf('>', i + 2);
          if (close < 0 || !isGroupName(p.substring(i + 2, close))) {
            throw reject(at, "group name that is not [A-Za-z][A-Za-z0-9]*");
          }
          i = close + 1;
        } else if (rest.startsWith(">")) {
          throw reject(at, "atomic group '(?>'");
        } else {
          throw reject(at, "inline flags or unknown group '(?" + (rest.isEmpty() ? "" : rest.charAt(0)) + "'");
        }
      }
    }

    private static boolean isGroupName(String name) {
      if (name.isEmpty() || !isAsciiLetter(name.charAt(0))) {
        return false;
      }
      for (int k = 1; k < name.length(); k++) {
        char c = name.charAt(k);
        if (!isAsciiLetter(c) && !(c >= '0' && c <= '9')) {
          return false;
        }
      }
      return true;
    }

    private static boolean isAsciiLetter(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private void charClass() {
      int at = i;
      i++;
      if (i < p.length() && p.charAt(i) == '^') {
        i++;
      }
      boolean first = true;
      while (i < p.length()) {
        char c = p.charAt(i);
        if (c == ']' && !first) {
          i++;
          return;
        }
        if (c == ']') {
          throw reject(i, "empty class '[]' or '[^]'");
        }
        if (c == '[') {
          throw reject(i, "'[' inside a class (nested class; escape it as \\[)");
        }
        if (c == '&' && i + 1 < p.length() && p.charAt(i + 1) == '&') {
          throw reject(i, "class intersection '&&'");
        }
        if (c == '\\') {
          escape(true);
        } else {
          i++;
        }
        first = false;
      }
      throw reject(at, "unclosed '['");
    }

    private void escape(boolean inClass) {
      int at = i;
      if (i + 1 >= p.length()) {
        throw reject(at, "trailing '\\'");
      }
      char e = p.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
        case 't': case 'n': case 'f': case 'r':
          return;
        case 'b': case 'B':
          if (inClass) {
            throw reject(at, "'\\" + e + "' inside a class");
          }
          return;
        case 'x':
          hex(at, 2);
          return;
        case 'u':
          hex(at, 4);
          return;
        case 'c':
          if (i >= p.length() || !isAsciiLetter(p.charAt(i))) {
            throw reject(at, "'\\c' without a control letter");
          }
          i++;
          return;
        case 'k':
          if (inClass || i >= p.length() || p.charAt(i) != '<') {
            throw reject(at, "'\\k' without a <name>");
          }
          int close = p.indexOf('>', i);
          if (close < 0 || !isGroupName(p.substring(i + 1, close))) {
            throw reject(at, "'\\k' without a valid <name>");
          }
          i = close + 1;
          return;
        default:
          if (e >= '1' && e <= '9') {
            if (inClass) {
              throw reject(at, "back-reference inside a class");
            }
            return;
          }
          if (e < 0x80 && !Character.isLetterOrDigit(e)) {
            return; // escaped punctuation or space: a literal in both dialects
          }
          throw reject(at, "escape '\\" + e + "'");
      }
    }

    private void hex(int at, int count) {
      for (int k = 0; k < count; k++) {
        if (i >= p.length() || Character.digit(p.charAt(i), 16) < 0 || p.charAt(i) >= 0x80) {
          throw reject(at, "'\\" + p.charAt(at + 1) + "' without " + count + " hex digits");
        }
        i++;
      }
    }
  }
}
