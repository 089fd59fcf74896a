package com.evalops.harness.sanitize;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in ticket text before it leaves the production boundary (data contract §7).
 *
 * <p>What is masked, and how it reads afterwards:
 *
 * <ul>
 *   <li>e-mail addresses → {@code [EMAIL]};
 *   <li>IBANs (two capital letters, two check digits, 11–30 more letters or digits, optionally
 *       spaced in fours) → {@code [IBAN]};
 *   <li>account numbers, meaning a run of 6 or more digits after a cue such as "account", "acct",
 *       "a/c" (optionally "number", "no", "#", ":") → {@code account number [ACCOUNT]};
 *   <li>card numbers, 13–19 digits written plain or in groups separated by single spaces or dashes
 *       → {@code [CARD ****4242]}, keeping only the last four digits so an agent can still match
 *       the card with the customer;
 *   <li>phone numbers: anything starting with {@code +} and a country code (8–15 digits), and any
 *       run of 10–12 digits, with single spaces, dashes, dots or parentheses between the groups →
 *       {@code [PHONE]};
 *   <li>any longer digit run (20 or more digits) → {@code [ACCOUNT]};
 *   <li>a name only right after "my name is" or "Name:" (one to three capitalised words) → {@code
 *       [NAME]}. Names elsewhere, such as in greetings ("Hi Anna"), are not detected: recognising
 *       names without a cue needs a model, not a pattern.
 * </ul>
 *
 * <p>Left intact: ordinary text, dates ({@code 2025-12-01}, {@code 01/12/2025}, optionally with a
 * time), times ({@code 10:30}), amounts ({@code $25.00}), order numbers ({@code #12345}) and any
 * number of fewer than 10 digits, so local 7-digit phone numbers without an area code are not
 * masked. Deterministic and stateless, so one instance can be shared between threads.
 */
public final class PiiSanitizer {
  static final String EMAIL_MASK = "[EMAIL]";
  static final String IBAN_MASK = "[IBAN]";
  static final String ACCOUNT_MASK = "[ACCOUNT]";
  static final String PHONE_MASK = "[PHONE]";
  static final String NAME_MASK = "[NAME]";

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

  private static final Pattern IBAN =
      Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b");

  private static final Pattern ACCOUNT_AFTER_CUE =
      Pattern.compile(
          "(?i)(\\b(?:account|acct|a/c)(?:\\s*(?:number|num|no\\.?|nr\\.?|#))?\\s*[:#]?\\s*)"
              + "(\\d(?:[ -]?\\d){5,})(?![\\w])");

  private static final Pattern NAME_AFTER_CUE =
      Pattern.compile(
          "((?i:\\bmy name is|\\bname\\s*:)\\s*)(\\p{Lu}[\\p{L}'-]+(?:\\s+\\p{Lu}[\\p{L}'-]+){0,2})");

  /**
   * Dates and times are matched first so that the digit runs around them are never read as one long
   * number ("2025-12-01 10:30" is not a 12-digit phone number). A number starts with an optional
   * {@code +}, then digits or parenthesised digits with at most one separator between them; it must
   * not follow a letter, digit, {@code #}, {@code $} or decimal point.
   */
  private static final Pattern DATE_TIME_OR_NUMBER =
      Pattern.compile(
          "(?<date>\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2})?)?"
              + "|\\b\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}\\b"
              + "|\\b\\d{1,2}:\\d{2}(?::\\d{2})?\\b)"
              + "|(?<number>(?<![\\w#$.,+/-])\\+?(?:\\(\\d+\\)|\\d)(?:[ .()-]?(?:\\(\\d+\\)|\\d))*(?!\\w))");

  private static final int MIN_PHONE_DIGITS = 10;
  private static final int MIN_INTERNATIONAL_DIGITS = 8;
  private static final int MAX_INTERNATIONAL_DIGITS = 15;
  private static final int MIN_CARD_DIGITS = 13;
  private static final int MAX_CARD_DIGITS = 19;

  /** Returns {@code text} with every e-mail, phone, card, account number and cued name masked. */
  public String sanitize(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    // Each pattern needs an '@', a digit or the word "name": most texts skip most patterns,
    // which matters when a report masks a hundred thousand misroutes.
    boolean at = false;
    boolean digit = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      at |= c == '@';
      digit |= c >= '0' && c <= '9';
    }
    String masked = at ? EMAIL.matcher(text).replaceAll(EMAIL_MASK) : text;
    if (digit) {
      masked = IBAN.matcher(masked).replaceAll(IBAN_MASK);
      masked =
          ACCOUNT_AFTER_CUE
              .matcher(masked)
              .replaceAll("$1" + Matcher.quoteReplacement(ACCOUNT_MASK));
    }
    if (mentionsName(masked)) {
      masked =
          NAME_AFTER_CUE.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(NAME_MASK));
    }
    return digit ? maskNumbers(masked) : masked;
  }

  private static boolean mentionsName(String text) {
    for (int i = 0; i + 4 <= text.length(); i++) {
      char c = text.charAt(i);
      if ((c == 'n' || c == 'N') && text.regionMatches(true, i, "name", 0, 4)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@link #sanitize} would change the text: it holds something this class masks. */
  public boolean containsPii(String text) {
    return text != null && !text.equals(sanitize(text));
  }

  private static String maskNumbers(String text) {
    Matcher matcher = DATE_TIME_OR_NUMBER.matcher(text);
    StringBuilder out = null;
    int copiedUpTo = 0;
    while (matcher.find()) {
      String number = matcher.group("number");
      if (number == null) {
        continue;
      }
      String mask = maskFor(number);
      if (mask == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copiedUpTo, matcher.start()).append(mask);
      copiedUpTo = matcher.end();
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copiedUpTo, text.length()).toString();
  }

  /** The mask for a number, or null when the number is not personal data. */
  private static String maskFor(String number) {
    StringBuilder digits = new StringBuilder(number.length());
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    int count = digits.length();
    if (number.startsWith("+")) {
      return count >= MIN_INTERNATIONAL_DIGITS && count <= MAX_INTERNATIONAL_DIGITS
          ? PHONE_MASK
          : count > MAX_INTERNATIONAL_DIGITS ? ACCOUNT_MASK : null;
    }
    if (count < MIN_PHONE_DIGITS) {
      return null;
    }
    if (count < MIN_CARD_DIGITS) {
      return PHONE_MASK;
    }
    if (count <= MAX_CARD_DIGITS && !number.contains("(") && !number.contains(".")) {
      return "[CARD ****" + digits.substring(count - 4) + "]";
    }
    return count <= MAX_CARD_DIGITS ? PHONE_MASK : ACCOUNT_MASK;
  }
}
