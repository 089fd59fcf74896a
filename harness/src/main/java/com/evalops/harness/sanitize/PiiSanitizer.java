package com.evalops.harness.sanitize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in ticket text before it leaves the production boundary (data contract §7).
 *
 * <p>What is masked, and how it reads afterwards:
 *
 * <ul>
 *   <li>e-mail addresses → {@code [EMAIL]};
 *   <li>IBANs in any case and spacing ({@code DE89 3704 0044 0532 0130 00}, {@code
 *       de89370400440532013000}, {@code GB82 WEST 123456 98765432}) whose length is their country's
 *       and whose check digits hold → {@code [IBAN]}; and, as before, anything written in capitals
 *       like an IBAN (two letters, two digits, 11–30 more letters or digits, optionally spaced in
 *       fours), so that a mistyped IBAN is masked too;
 *   <li>UK sort codes after a cue ("sort code", "sortcode", "s/c", optionally "is", ":"): {@code
 *       12-34-56}, {@code 12 34 56} or {@code 123456} → {@code sort code [SORT CODE]};
 *   <li>account numbers, meaning a run of 6 or more digits after a cue such as "account", "acct",
 *       "a/c" (optionally "number", "no", "#", ":") → {@code account number [ACCOUNT]};
 *   <li>card numbers, 13–19 digits written plain or in groups separated by single spaces or dashes
 *       → {@code [CARD ****4242]}, keeping only the last four digits so an agent can still match
 *       the card with the customer;
 *   <li>phone numbers: anything starting with {@code +} and a country code (8–15 digits), and any
 *       run of 10–12 digits, with single spaces, dashes, dots or parentheses between the groups →
 *       {@code [PHONE]};
 *   <li>any longer digit run (20 or more digits) → {@code [ACCOUNT]};
 *   <li>names of one to three words, in any case, that a cue announces → {@code [NAME]}: "my name
 *       is olivia smith", "Name: OLIVIA SMITH", greetings at the start of a line ("Hi Anna,"),
 *       "this is Olivia" at the start of a message, "I'm Olivia" (capitalised names only) and
 *       sign-offs ("Kind regards,\nJean-Luc", "thanks o'brien" at the end of a line). {@link
 *       CuedNames} has the exact rules and the words that never count as a name ("hi team,",
 *       "thanks again", "I'm unable"). Names without a cue are not detected: recognising them needs
 *       a model, not a pattern.
 * </ul>
 *
 * <p>Left intact: ordinary text, dates ({@code 2025-12-01}, {@code 01/12/2025}, {@code 12-03-2025},
 * optionally with a time), times ({@code 10:30}), amounts ({@code $25.00}), order numbers ({@code
 * #12345}) and any number of fewer than 10 digits without a cue, so local 7-digit phone numbers
 * without an area code are not masked. Deterministic and stateless, so one instance can be shared
 * between threads.
 */
public final class PiiSanitizer {
  static final String EMAIL_MASK = "[EMAIL]";
  static final String IBAN_MASK = "[IBAN]";
  static final String ACCOUNT_MASK = "[ACCOUNT]";
  static final String PHONE_MASK = "[PHONE]";
  static final String NAME_MASK = "[NAME]";
  static final String SORT_CODE_MASK = "[SORT CODE]";

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

  private static final Pattern IBAN_IN_CAPITALS =
      Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b");

  /**
   * IBAN length by country, as the SWIFT IBAN registry lists them (Burundi left out: the sources
   * disagree on its length).
   */
  private static final Map<String, Integer> IBAN_LENGTHS =
      lengths(
          "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27"
              + " DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28"
              + " HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21"
              + " LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29"
              + " PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23"
              + " TN24 TR26 UA29 VA22 VG24 XK20 YE30");

  private static final Pattern SORT_CODE_AFTER_CUE =
      Pattern.compile(
          "(?i)(\\b(?:sort[ -]?code|s/c)(?:\\s*(?:is|number|no\\.?))?\\s*[:#=-]?\\s*)"
              + "(\\d{2}([ -]?)\\d{2}\\3\\d{2})(?!\\w|-\\d)");

  private static final Pattern ACCOUNT_AFTER_CUE =
      Pattern.compile(
          "(?i)(\\b(?:account|acct|a/c)(?:\\s*(?:number|num|no\\.?|nr\\.?|#))?\\s*[:#]?\\s*)"
              + "(\\d(?:[ -]?\\d){5,})(?![\\w])");

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

  /**
   * Returns {@code text} with every e-mail, IBAN, sort code, account, card and phone number and
   * cued name masked.
   */
  public String sanitize(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    // Each pattern needs an '@', a digit, a sort-code cue or a name cue word (which CuedNames
    // looks for before any of its patterns): most texts skip most patterns, which matters when a
    // report masks a hundred thousand misroutes.
    boolean at = false;
    boolean digit = false;
    boolean sortCodeCue = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      at |= c == '@';
      digit |= c >= '0' && c <= '9';
      sortCodeCue |=
          (c == 's' || c == 'S')
              && (Text.startsWithIgnoringCase(text, i, "sort")
                  || Text.startsWithIgnoringCase(text, i, "s/c"));
    }
    String masked = at ? EMAIL.matcher(text).replaceAll(EMAIL_MASK) : text;
    if (digit) {
      masked = maskIbans(masked);
      masked = IBAN_IN_CAPITALS.matcher(masked).replaceAll(IBAN_MASK);
      if (sortCodeCue) {
        masked =
            SORT_CODE_AFTER_CUE
                .matcher(masked)
                .replaceAll("$1" + Matcher.quoteReplacement(SORT_CODE_MASK));
      }
      masked =
          ACCOUNT_AFTER_CUE
              .matcher(masked)
              .replaceAll("$1" + Matcher.quoteReplacement(ACCOUNT_MASK));
    }
    masked = CuedNames.mask(masked, NAME_MASK);
    return digit ? maskNumbers(masked) : masked;
  }

  /** True when {@link #sanitize} would change the text: it holds something this class masks. */
  public boolean containsPii(String text) {
    return text != null && !text.equals(sanitize(text));
  }

  /**
   * Masks IBANs written in any case, glued or spaced: from a country code and its check digits,
   * exactly the country's number of letters and digits, with single spaces anywhere between them,
   * ending a word, whose check digits hold (ISO 7064 MOD 97-10). The length and the check keep
   * ordinary lower-case words from being read as an IBAN.
   */
  private static String maskIbans(String text) {
    StringBuilder out = null;
    int copiedUpTo = 0;
    for (int start = 0; start + 4 <= text.length(); start++) {
      if (!startsIban(text, start)) {
        continue;
      }
      Integer length = IBAN_LENGTHS.get(text.substring(start, start + 2).toUpperCase(Locale.ROOT));
      if (length == null) {
        continue;
      }
      StringBuilder iban = new StringBuilder(length).append(text, start, start + 4);
      int i = start + 4;
      while (iban.length() < length && i < text.length()) {
        char c = text.charAt(i);
        if (isAsciiLetterOrDigit(c)) {
          iban.append(c);
          i++;
        } else if (c == ' ' && i + 1 < text.length() && isAsciiLetterOrDigit(text.charAt(i + 1))) {
          i++;
        } else {
          break;
        }
      }
      boolean endsWord = i == text.length() || !Character.isLetterOrDigit(text.charAt(i));
      if (iban.length() == length && endsWord && checkDigitsHold(iban)) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copiedUpTo, start).append(IBAN_MASK);
        copiedUpTo = i;
        start = i - 1;
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copiedUpTo, text.length()).toString();
  }

  /** A word that starts with two letters and two digits: a country code and check digits. */
  private static boolean startsIban(String text, int at) {
    return (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
        && isAsciiLetter(text.charAt(at))
        && isAsciiLetter(text.charAt(at + 1))
        && isAsciiDigit(text.charAt(at + 2))
        && isAsciiDigit(text.charAt(at + 3));
  }

  /** The IBAN check: moved to the end, letters read as 10–35, the number modulo 97 is 1. */
  private static boolean checkDigitsHold(CharSequence iban) {
    int remainder = 0;
    for (int k = 0; k < iban.length(); k++) {
      int value = Character.digit(iban.charAt((k + 4) % iban.length()), 36);
      remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
    }
    return remainder == 1;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiDigit(c) || isAsciiLetter(c);
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static Map<String, Integer> lengths(String table) {
    Map<String, Integer> lengths = new HashMap<>();
    for (String entry : table.split(" ")) {
      lengths.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
    }
    return Map.copyOf(lengths);
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
