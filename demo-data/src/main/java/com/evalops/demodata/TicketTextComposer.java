package com.evalops.demodata;

import com.evalops.harness.contract.Channel;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Writes ticket texts the way customers do: short chatty lines on livechat, subject and body by
 * e-mail, the odd typo, and a little personal data (names, e-mail addresses, phone numbers, card
 * and account numbers) for the sanitizer to mask. All randomness comes from the caller's {@link
 * Random}, so the same seed writes the same texts.
 */
final class TicketTextComposer {
  /** Share of non-tier-0 tickets worded too vaguely to tell the family's intents apart. */
  private static final double VAGUE_SHARE = 0.12;

  /** Share of non-tier-0 tickets that also mention a related intent's concern. */
  private static final double SIBLING_DETAIL_SHARE = 0.2;

  /**
   * Share of tickets with a follow-up sentence of their own intent; it may also clarify a vague
   * ticket, as customers sometimes do in a second sentence.
   */
  private static final double OWN_DETAIL_SHARE = 0.45;

  private static final double TYPO_SHARE = 0.06;
  private static final double PII_SHARE = 0.35;

  private static final List<String> FIRST_NAMES =
      List.of(
          "Olivia", "Liam", "Amara", "Noah", "Sofia", "Mateo", "Priya", "Lucas", "Chloe", "Kwame",
          "Hannah", "Jonas", "Mei", "Omar", "Isla", "Diego", "Freya", "Ravi", "Zoe", "Tomasz");
  private static final List<String> LAST_NAMES =
      List.of(
          "Smith",
          "Okafor",
          "Garcia",
          "Nguyen",
          "Patel",
          "Müller",
          "Rossi",
          "Kowalski",
          "Brown",
          "Haddad",
          "Johansson",
          "Dubois",
          "Silva",
          "O'Brien",
          "Tanaka",
          "Novak");
  private static final List<String> MAIL_DOMAINS =
      List.of("example.com", "example.org", "mail.example.net", "inbox.example.co.uk");
  private static final List<String> MERCHANTS =
      List.of(
          "Amazon",
          "Tesco",
          "Uber",
          "Netflix",
          "Spotify",
          "Zara",
          "Ryanair",
          "Deliveroo",
          "Steam",
          "IKEA",
          "Airbnb",
          "Boots",
          "eBay",
          "Argos",
          "Shell");
  private static final List<String> CITIES =
      List.of("London", "Manchester", "Dublin", "Berlin", "Madrid", "Lisbon", "New York", "Paris");
  private static final List<String> DEVICES =
      List.of("iPhone 13", "iPhone 15", "Pixel 7", "Galaxy S23", "OnePlus 11", "iPad");
  private static final List<String> MONTHS =
      List.of("September", "October", "November", "December");
  private static final List<String> CURRENCIES = List.of("euros", "dollars", "pounds", "zloty");
  private static final List<String> CHAT_OPENERS =
      List.of("", "", "", "hi ", "hello, ", "hey ", "hi there, ", "good morning, ");
  private static final List<String> CHAT_CLOSERS =
      List.of("", "", "", " thanks", " please help", " asap please", " cheers");
  private static final Set<String> QUESTION_WORDS =
      Set.of("how", "when", "where", "what", "what's", "why", "which", "can", "is", "do", "has");
  private static final List<String> VAGUE_SUBJECTS =
      List.of("Question", "Help needed", "Query about my account", "Problem", "Urgent");
  private static final List<String> EMAIL_GREETINGS =
      List.of("Hello,", "Hi,", "Dear Support,", "Good afternoon,", "To whom it may concern,");
  private static final List<String> EMAIL_SIGNOFFS =
      List.of("Thanks,", "Kind regards,", "Best,", "Regards,", "Many thanks,");

  /** A ticket text and whether it was worded vaguely on purpose (worth a note in gold labels). */
  record Composed(String text, boolean vague) {}

  private final Random random;

  TicketTextComposer(Random random) {
    this.random = random;
  }

  Composed compose(DemoIntent intent, List<DemoIntent> family, Channel channel) {
    boolean tier0 = intent.tier() == 0;
    boolean vague = !tier0 && random.nextDouble() < VAGUE_SHARE;
    String core =
        vague
            ? fill(pick(DemoCatalog.VAGUE_BY_FAMILY.get(intent.group())))
            : fill(pick(intent.cores()));
    StringBuilder extra = new StringBuilder();
    if (random.nextDouble() < OWN_DETAIL_SHARE) {
      extra.append(' ').append(fill(pick(intent.details())));
    }
    if (!tier0 && random.nextDouble() < SIBLING_DETAIL_SHARE) {
      DemoIntent sibling = pick(family);
      extra.append(' ').append(fill(pick(sibling.details())));
    }
    if (random.nextDouble() < PII_SHARE) {
      extra.append(' ').append(personalDetail());
    }
    core = maybeTypo(core);
    String subject = vague ? pick(VAGUE_SUBJECTS) : fill(pick(intent.subjects()));
    return new Composed(
        channel == Channel.EMAIL
            ? email(subject, core, extra.toString())
            : chat(core, extra.toString()),
        vague);
  }

  /** A text for a topic outside the taxonomy; it has no gold intent the router could know. */
  String composeNewIntent(Channel channel) {
    String core = fill(pick(DemoCatalog.NEW_INTENT_CORES));
    return channel == Channel.EMAIL ? email("Crypto question", core, "") : chat(core, "");
  }

  private String chat(String core, String extra) {
    String text = pick(CHAT_OPENERS) + core + extra + pick(CHAT_CLOSERS);
    return random.nextDouble() < 0.3 ? text.toLowerCase(Locale.ROOT) : text;
  }

  private String email(String subject, String core, String extra) {
    String first = pick(FIRST_NAMES);
    return "Subject: "
        + subject
        + "\n\n"
        + pick(EMAIL_GREETINGS)
        + "\n\n"
        + capitalize(core)
        + endMark(core)
        + extra
        + "\n\n"
        + pick(EMAIL_SIGNOFFS)
        + "\n"
        + first;
  }

  private String personalDetail() {
    String name = pick(FIRST_NAMES) + " " + pick(LAST_NAMES);
    return switch (random.nextInt(5)) {
      case 0 -> "My name is " + name + ".";
      case 1 -> "You can reach me at " + emailAddress(name) + ".";
      case 2 -> "My number is " + phone() + ".";
      case 3 -> "Card number " + cardNumber() + ".";
      default -> "Account number " + digits(8) + ", sort code " + sortCode() + ".";
    };
  }

  private String emailAddress(String name) {
    String local =
        name.toLowerCase(Locale.ROOT).replace("'", "").replace("ü", "u").replace(' ', '.');
    return local + random.nextInt(100) + "@" + pick(MAIL_DOMAINS);
  }

  /** Fictional ranges: 555 numbers in the US, 07700 900xxx in the UK. */
  private String phone() {
    return random.nextBoolean()
        ? "+1 555 " + digits(3) + " " + digits(4)
        : "+44 7700 900" + digits(3);
  }

  /** Sixteen digits with a valid Luhn check digit, sometimes in groups of four. */
  private String cardNumber() {
    int[] number = new int[16];
    number[0] = 4;
    for (int i = 1; i < 15; i++) {
      number[i] = random.nextInt(10);
    }
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      int digit = number[i];
      if (i % 2 == 0) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
    }
    number[15] = (10 - sum % 10) % 10;
    boolean grouped = random.nextBoolean();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (grouped && i > 0 && i % 4 == 0) {
        text.append(' ');
      }
      text.append(number[i]);
    }
    return text.toString();
  }

  private String sortCode() {
    return digits(2) + "-" + digits(2) + "-" + digits(2);
  }

  private String digits(int count) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      text.append(random.nextInt(10));
    }
    return text.toString();
  }

  /** Swaps two adjacent letters of one longer word, as hurried typing does. */
  private String maybeTypo(String text) {
    if (random.nextDouble() >= TYPO_SHARE) {
      return text;
    }
    String[] words = text.split(" ");
    int start = random.nextInt(words.length);
    for (int k = 0; k < words.length; k++) {
      int index = (start + k) % words.length;
      String word = words[index];
      if (word.length() >= 5 && word.chars().allMatch(Character::isLetter)) {
        int at = 1 + random.nextInt(word.length() - 2);
        char[] chars = word.toCharArray();
        char swapped = chars[at];
        chars[at] = chars[at + 1];
        chars[at + 1] = swapped;
        words[index] = new String(chars);
        return String.join(" ", words);
      }
    }
    return text;
  }

  private String fill(String pattern) {
    StringBuilder text = new StringBuilder();
    int at = 0;
    while (at < pattern.length()) {
      int open = pattern.indexOf('{', at);
      if (open < 0) {
        text.append(pattern, at, pattern.length());
        break;
      }
      int close = pattern.indexOf('}', open);
      text.append(pattern, at, open).append(slot(pattern.substring(open + 1, close)));
      at = close + 1;
    }
    return text.toString();
  }

  private String slot(String name) {
    return switch (name) {
      case "merchant" -> pick(MERCHANTS);
      case "amount" -> amount();
      case "days" -> Integer.toString(3 + random.nextInt(19));
      case "city" -> pick(CITIES);
      case "date" -> pick(MONTHS).substring(0, 3) + " " + (1 + random.nextInt(28));
      case "time" -> (8 + random.nextInt(14)) + ":" + (10 + random.nextInt(50));
      case "order" -> "#" + digits(7);
      case "first" -> pick(FIRST_NAMES);
      case "email" -> emailAddress(pick(FIRST_NAMES) + " " + pick(LAST_NAMES));
      case "month" -> pick(MONTHS);
      case "device" -> pick(DEVICES);
      case "version" -> "5." + random.nextInt(20) + "." + random.nextInt(10);
      case "currency" -> pick(CURRENCIES);
      default -> throw new IllegalArgumentException("unknown slot {" + name + "} in phrase bank");
    };
  }

  private String amount() {
    String symbol = List.of("£", "$", "€").get(random.nextInt(3));
    return symbol + (5 + random.nextInt(400)) + "." + digits(2);
  }

  private static String endMark(String sentence) {
    if (sentence.endsWith("?")) {
      return "";
    }
    String first = sentence.split(" ", 2)[0].toLowerCase(Locale.ROOT);
    return QUESTION_WORDS.contains(first) ? "?" : ".";
  }

  private static String capitalize(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
