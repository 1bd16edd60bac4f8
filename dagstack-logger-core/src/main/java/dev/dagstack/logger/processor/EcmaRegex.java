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
 * Refused although inside the subset: a pattern that matches the empty string ({@code x*},
 * {@code a?}, {@code (|a)}, a lone lookaround), and a group that holds an unbounded quantifier
 * repeated more than once ({@code (.*a){25}}, {@code (a+)*}): catastrophic backtracking. Other
 * slow patterns are stopped at run time by {@link RedactionProcessor}'s match budget.
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
    return compile(pattern, what, false);
  }

  /**
   * As {@link #compile(String, String)}; {@code ignoreCase} is ECMAScript's {@code i} flag
   * without {@code u}: ASCII letters match either case.
   */
  static Pattern compile(String pattern, String what, boolean ignoreCase) {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    new EcmaRegex.Checker(pattern, what).check();
    try {
      return Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
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
    /** The group being read; the outermost frame is the whole pattern. */
    private Frame frame = new Frame(null, 0, false);
    /** Whether the last atom can match the empty string. */
    private boolean lastNullable = true;
    /** Whether the last atom holds an unbounded quantifier ({@code * + {n,}}). */
    private boolean lastUnbounded;

    Checker(String pattern, String what) {
      this.p = pattern;
      this.what = what;
    }

    private IllegalArgumentException reject(int at, String construct) {
      return new IllegalArgumentException(what + " '" + p + "' is outside the supported"
          + " ECMAScript-like regex subset: " + construct + " at position " + at);
    }

    /** A construct inside the subset that is still refused: it cannot mask safely. */
    private IllegalArgumentException refuse(int at, String problem) {
      return new IllegalArgumentException(what + " '" + p + "' " + problem + " at position " + at);
    }

    void check() {
      int depth = 0;
      while (i < p.length()) {
        char c = p.charAt(i);
        switch (c) {
          case '\\':
            atom(escape(false));
            quantifiable = true;
            break;
          case '[':
            charClass();
            atom(false);
            quantifiable = true;
            break;
          case '(':
            atom(true);
            boolean zeroWidth = group();
            frame = new Frame(frame, i, zeroWidth);
            lastNullable = true;
            lastUnbounded = false;
            depth++;
            quantifiable = false;
            break;
          case ')':
            if (depth == 0) {
              throw reject(i, "unbalanced ')'");
            }
            depth--;
            i++;
            Frame closed = frame;
            closed.endAlternative(lastNullable);
            frame = closed.parent;
            frame.unbounded |= closed.unbounded;
            lastNullable = closed.nullable || closed.zeroWidth;
            lastUnbounded = closed.unbounded;
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
            frame.endAlternative(lastNullable);
            i++;
            frame.alternativeStart = i;
            lastNullable = true;
            lastUnbounded = false;
            quantifiable = false;
            break;
          case '^':
          case '$':
            atom(true);
            i++;
            quantifiable = false;
            break;
          default:
            atom(false);
            i++;
            quantifiable = true;
        }
      }
      if (depth != 0) {
        throw reject(p.length(), "unclosed '('");
      }
      frame.endAlternative(lastNullable);
      if (frame.nullable) {
        // Matched empty, a replacement would go in between every character of a value.
        throw refuse(frame.nullableAt, "matches the empty string (its replacement would go"
            + " between every character)");
      }
    }

    /** Folds the last atom into the sequence and starts a new one. */
    private void atom(boolean nullable) {
      frame.sequenceNullable &= lastNullable;
      lastNullable = nullable;
      lastUnbounded = false;
    }

    private void quantifier(int at, int next) {
      if (!quantifiable) {
        throw reject(at, "quantifier '" + p.charAt(at) + "' with nothing to repeat");
      }
      char q = p.charAt(at);
      boolean minZero;
      boolean unbounded;
      boolean repeats;
      if (q == '{') {
        String body = p.substring(at + 1, next - 1);
        int comma = body.indexOf(',');
        String min = comma < 0 ? body : body.substring(0, comma);
        String max = comma < 0 ? body : body.substring(comma + 1);
        minZero = min.chars().allMatch(ch -> ch == '0');
        unbounded = comma >= 0 && max.isEmpty();
        String significant = max.replaceFirst("^0+", "");
        repeats = unbounded || significant.length() > 1
            || (significant.length() == 1 && significant.charAt(0) > '1');
      } else {
        minZero = q != '+';
        unbounded = q != '?';
        repeats = unbounded;
      }
      if (repeats && lastUnbounded) {
        // (x*)* and (.*a){25}: the ways to split a text between the two grow exponentially.
        throw refuse(at, "has a nested quantifier: '" + p.substring(at, next)
            + "' repeats a group that holds an unbounded quantifier (catastrophic backtracking)");
      }
      if (minZero) {
        lastNullable = true;
      }
      if (unbounded) {
        lastUnbounded = true;
        frame.unbounded = true;
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

    /** Reads a group's opening; whether it is a zero-width lookaround. */
    private boolean group() {
      int at = i;
      boolean zeroWidth = false;
      i++;
      if (i < p.length() && p.charAt(i) == '?') {
        String rest = p.substring(i + 1);
        if (rest.startsWith(":")) {
          i += 2;
        } else if (rest.startsWith("=") || rest.startsWith("!")) {
          i += 2;
          zeroWidth = true;
        } else if (rest.startsWith("<=") || rest.startsWith("<!")) {
          i += 3;
          zeroWidth = true;
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
      return zeroWidth;
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

    /** Reads an escape; whether it can match the empty string (\b, \B, a back-reference). */
    private boolean escape(boolean inClass) {
      int at = i;
      if (i + 1 >= p.length()) {
        throw reject(at, "trailing '\\'");
      }
      char e = p.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
        case 't': case 'n': case 'f': case 'r':
          return false;
        case 'b': case 'B':
          if (inClass) {
            throw reject(at, "'\\" + e + "' inside a class");
          }
          return true;
        case 'x':
          hex(at, 2);
          return false;
        case 'u':
          hex(at, 4);
          return false;
        case 'c':
          if (i >= p.length() || !isAsciiLetter(p.charAt(i))) {
            throw reject(at, "'\\c' without a control letter");
          }
          i++;
          return false;
        case 'k':
          if (inClass || i >= p.length() || p.charAt(i) != '<') {
            throw reject(at, "'\\k' without a <name>");
          }
          int close = p.indexOf('>', i);
          if (close < 0 || !isGroupName(p.substring(i + 1, close))) {
            throw reject(at, "'\\k' without a valid <name>");
          }
          i = close + 1;
          return true;
        default:
          if (e >= '1' && e <= '9') {
            if (inClass) {
              throw reject(at, "back-reference inside a class");
            }
            return true;
          }
          if (e < 0x80 && !Character.isLetterOrDigit(e)) {
            return false; // escaped punctuation or space: a literal in both dialects
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

    /** One group (or the whole pattern) being read: its alternatives' emptiness and quantifiers. */
    private static final class Frame {
      final Frame parent;
      final boolean zeroWidth;
      int alternativeStart;
      /** Whether every atom of the current alternative before the last one can match empty. */
      boolean sequenceNullable = true;
      /** Whether some finished alternative can match the empty string, and where it starts. */
      boolean nullable;
      int nullableAt;
      /** Whether an unbounded quantifier occurs inside. */
      boolean unbounded;

      Frame(Frame parent, int start, boolean zeroWidth) {
        this.parent = parent;
        this.alternativeStart = start;
        this.zeroWidth = zeroWidth;
      }

      void endAlternative(boolean lastNullable) {
        if (sequenceNullable && lastNullable && !nullable) {
          nullable = true;
          nullableAt = alternativeStart;
        }
        sequenceNullable = true;
      }
    }
  }
}
