package com.evalops.harness.ids;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The one pattern of ids that become file names or object keys: letters, digits, dot, dash and
 * underscore, starting with a letter or digit, at most 128 characters, never {@code ..}. Such an id
 * has no separator and no parent step, so it names the same thing in a folder and under an S3
 * prefix and can never climb out of either.
 */
public final class SafeIds {
  /** The pattern, as a regular expression; {@link #RULE} adds the ban on {@code ..}. */
  public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";

  /** The rule as error messages and the API's {@code allowed} show it. */
  public static final String RULE = PATTERN + " without '..'";

  private static final Pattern SAFE = Pattern.compile(PATTERN);

  /** How much of a refused value a message repeats: enough to recognise it, never a whole blob. */
  private static final int SHOWN_CHARS = 40;

  private SafeIds() {}

  public static boolean isSafe(String value) {
    return value != null && SAFE.matcher(value).matches() && !value.contains("..");
  }

  /**
   * @param what the id's name in the message ({@code run id}, {@code golden version})
   * @return {@code value}, when it is safe
   * @throws IllegalArgumentException naming {@code what} and the rule otherwise
   */
  public static String require(String what, String value) {
    if (!isSafe(value)) {
      throw new IllegalArgumentException(
          what + " " + shown(value) + " is not a safe id: it must match " + RULE);
    }
    return value;
  }

  /**
   * {@code root/id}, for an id that names a file or folder directly under {@code root}; checked
   * twice, as an id and as a path that stays under {@code root}.
   */
  public static Path resolve(Path root, String what, String id) {
    return ConfinedPaths.under(root, root.resolve(require(what, id)));
  }

  private static String shown(String value) {
    if (value == null) {
      return "(none)";
    }
    return "\""
        + (value.length() > SHOWN_CHARS ? value.substring(0, SHOWN_CHARS) + "…" : value)
        + "\"";
  }
}
