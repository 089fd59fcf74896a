package com.evalops.harness.sanitize;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the names that a cue announces, in any case. Without a cue a name cannot be told from an
 * ordinary word by a pattern, so each cue says where a name may start and how it must end:
 *
 * <ul>
 *   <li><b>stated</b>: "my name is", "my full name is", "my husband's name is", "my name's",
 *       "name:", "surname:"; the name simply stops at the first word that is not a name word, so
 *       "my name is john and my card was declined" masks only "john";
 *   <li><b>greeting</b> at the start of a line: "hi", "hello", "hey", "hiya", "dear", "good
 *       morning/afternoon/evening", then the name and a comma, {@code !}, {@code .}, {@code :},
 *       {@code ;}, a dash or the end of the line ("Hi Anna," "hello olivia smith!"). Without that
 *       punctuation a lower-case chat such as "hi card declined at tesco" would lose its first
 *       words;
 *   <li><b>"this is"</b> at the start of a line (so of a chat message or of an e-mail's body), or
 *       after a greeting there ("Hi, this is Olivia"): the name must be followed by punctuation,
 *       the end of the line, or "and", "from", "here", "speaking", "calling", "writing", "again";
 *   <li><b>"I am" / "I'm"</b> at the start of a line or sentence, or after a greeting, with the
 *       same ending as "this is", <em>and only when the name is capitalised</em> ("I'm Olivia
 *       Smith"). In lower case "i'm olivia" cannot be told from "i'm abroad", "i'm stuck", "i'm
 *       unable": masking those would blank out what the ticket is about, so a lower-case "i'm
 *       olivia" is left to the other cues (it usually comes with "my name is" or a sign-off);
 *   <li><b>sign-off</b>: "thanks", "thank you", "thx", "cheers", "regards" (so "kind regards",
 *       "best regards"), "best wishes", "yours sincerely/faithfully/truly", "all the best", "take
 *       care", and "best" or "sincerely" at the start of a line; the name must end its line or the
 *       text, either on the same line ("thanks olivia", "Regards, O'Brien") or alone on a following
 *       line ("Thanks for your help,\nOlivia").
 * </ul>
 *
 * <p>A name is one to three words of letters, inner apostrophes and hyphens (o'brien, jean-luc), on
 * one line; a title before it (Mr, Mrs, Ms, Miss, Mx, Dr, Prof) is kept. A word never counts as a
 * name word when it is in {@link #NOT_NAMES} (function words such as "and", "my", "please";
 * greeting addressees such as "team", "there", "all", "support", "everyone", "sir", "madam"; common
 * ticket words such as "card", "refund", "urgent", "wrong") or when it has at least seven letters
 * and ends like an adjective or abstract noun (-able, -ible, -ous, -ful, -less, -tion, -sion,
 * -ness: "unacceptable", "outrageous"). So "hi team," "thanks again" and "this is urgent" keep
 * their words. The price: a name that is also such a word is not masked ("Dear Mr Strange," keeps
 * "Strange"; "my name is olivia early" masks only "olivia").
 */
final class CuedNames {
  private static final String GREETING =
      "(?:hi|hello|hey|hiya|dear|good[ \\t]+(?:morning|afternoon|evening))\\b";

  /** Up to three words of address and a punctuation mark after a greeting (" team," " Anna!"). */
  private static final String ADDRESS = "(?:[ \\t]+[\\p{L}'’-]+){0,3}?[ \\t]*[,!.]?[ \\t]*";

  /** What may stand between the start of a line and an "I'm" that opens it: "Hi team, ". */
  private static final Pattern LINE_OPENING =
      Pattern.compile("[ \\t]*(?:" + GREETING + ADDRESS + ")?", Pattern.CASE_INSENSITIVE);

  /**
   * The cues. Each is tried only where one of its words starts a word (or a line, for the cues that
   * open a line), so a text without any of these words never meets a pattern; from there the
   * pattern matches the cue and ends where the name may start.
   */
  private enum Cue {
    STATED(
        "(?:(?<=\\bmy\\s{1,3}(?:\\p{L}{1,20}['’]s\\s{1,3})?"
            + "(?:(?:full|first|last|middle|given|family|legal|real|maiden)\\s{1,3})?)"
            + "(?:name|surname|forename)(?:\\s+is\\b|['’]s\\b)"
            + "|(?:name|surname|forename)\\s*:)\\s*",
        false,
        "name",
        "surname",
        "forename"),
    GREETED(GREETING + "[ \\t]*,?", true, "hi", "hello", "hey", "dear", "good"),
    THIS_IS(
        "(?:" + GREETING + ADDRESS + ")?this[ \\t]+is\\b",
        true,
        "this",
        "hi",
        "hello",
        "hey",
        "dear",
        "good"),
    I_AM("i(?:[ \\t]+am|['’]m)\\b", false, "i'm", "i’m", "i am"),
    SIGN_OFF(
        "(?:thanks|thank[ \\t]+you|thx|cheers|regards|best[ \\t]+wishes"
            + "|yours[ \\t]+(?:sincerely|faithfully|truly)|all[ \\t]+the[ \\t]+best"
            + "|take[ \\t]+care)\\b",
        false,
        "thank",
        "thx",
        "cheers",
        "regards",
        "best",
        "yours",
        "all",
        "take"),
    SIGN_OFF_LINE("(?:best|sincerely)\\b", true, "best", "sincerely");

    final Pattern pattern;

    /** True when the cue counts only as the first word of a line. */
    final boolean opensLine;

    /** The words a cue starts with. */
    final List<String> words;

    Cue(String pattern, boolean opensLine, String... words) {
      this.pattern = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
      this.opensLine = opensLine;
      this.words = List.of(words);
    }

    /** The name this cue announces when it starts at {@code at}, or null. */
    int[] nameAt(String text, int at, int lineStart) {
      if (this == I_AM && !opensSentence(text, at, lineStart)) {
        return null;
      }
      Matcher cue = pattern.matcher(text).region(at, text.length());
      if (!cue.useTransparentBounds(true).lookingAt()) {
        return null;
      }
      int end = cue.end();
      return switch (this) {
        case STATED -> readName(text, end, false, Ending.ANYWHERE);
        case GREETED -> readName(text, end, false, Ending.PUNCTUATION);
        case THIS_IS -> readName(text, end, false, Ending.PUNCTUATION_OR_CONTINUATION);
        case I_AM -> readName(text, end, true, Ending.PUNCTUATION_OR_CONTINUATION);
        case SIGN_OFF, SIGN_OFF_LINE -> signedName(text, end);
      };
    }
  }

  /** A cue's word, filed under its first letter so that a word start is compared with few. */
  private record CueWord(String word, Cue cue) {}

  private static final CueWord[][] CUE_WORDS_BY_LETTER = cueWordsByLetter();

  /** Words after which "this is" or "I'm" may still introduce the name before them. */
  private static final Set<String> CONTINUATIONS =
      Set.of("and", "from", "here", "speaking", "calling", "writing", "again");

  private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof");

  private static final String[] ADJECTIVE_ENDINGS = {
    "able", "ible", "ous", "ful", "less", "tion", "sion", "ness"
  };
  private static final int MIN_ADJECTIVE_LENGTH = 7;

  private static final int MAX_NAME_WORDS = 3;

  /** How far a sign-off line may run on after its cue ("thanks for all your help,"). */
  private static final int MAX_SIGN_OFF_TAIL = 40;

  /** Words that are never taken as part of a name, lower case, apostrophes as {@code '}. */
  private static final Set<String> NOT_NAMES =
      words(
          // function words: pronouns, determiners, prepositions, conjunctions, auxiliaries
          "a an the this that these those there here i i'm im i've i'd i'll me my mine myself"
              + " we we're we've us our ours you you're your yours he he's him his she she's her"
              + " hers it it's its they they're them their theirs who whom whose what which when"
              + " where why how and or but nor so yet if then than as because though although"
              + " while whilst at by for from in into of off on onto out over under to up down"
              + " with without about after before since until till via per re regarding"
              + " concerning is am are was were be been being do does did done doing have has"
              + " had having can could would should shall must might can't cannot couldn't"
              + " won't wouldn't don't didn't doesn't isn't wasn't aren't haven't hasn't not no"
              + " yes yeah yep nope ok okay please pls plz just also still again now today"
              + " tonight yesterday tomorrow soon already ever never always too very really"
              + " quite such much many more most less only even all any some every each both"
              + " either neither none nothing something anything everything someone anyone"
              + " everyone somebody anybody everybody one two three first last next other"
              + " another same own"
              // who a greeting or a sign-off addresses when it is not a person
              + " team teams support sir sirs madam ma'am maam folks guys gang friend friends"
              + " mate mates people customer customers service services care helpdesk desk"
              + " agent agents staff colleague colleagues bank lads ladies gentlemen concern"
              + " y'all yall dears"
              // what follows a sign-off word when no name does
              + " advance anyway bye cheers kindly heaps loads lots lot million tons sorry"
              + " regards best wishes respectfully sincerely faithfully truly"
              // ticket words that can end a short phrase after a cue
              + " account accounts app card cards payment payments refund refunds transfer"
              + " transfers order orders money balance fee fees charge charges charged"
              + " transaction transactions statement statements login password pin code limit"
              + " loan deposit withdrawal invoice file delivery parcel package subscription"
              + " debit cash atm phone email address number details help issue issues problem"
              + " problems question questions query complaint request update feedback error"
              + " bug app's website online"
              // how a ticket describes its problem ("this is urgent", "my name is wrong")
              + " urgent quick quickly declined blocked frozen locked stolen lost missing"
              + " pending failed failing wrong broken fixed sorted resolved solved received"
              + " arrived working done good great fine bad correct incorrect right different"
              + " new old late early ridiculous insane crazy absurd terrible awful horrible"
              + " disgusting pathetic shocking appalling annoying frustrating serious important"
              + " strange weird odd fraud theft scam unfair unreal nonsense madness joke mad"
              + " upset angry worried concerned confused stuck unable abroad travelling"
              + " traveling sure afraid happy unhappy glad annoyed frustrated disappointed"
              + " spelled spelt misspelled misspelt showing shown displayed printed listed"
              + " written registered changed changing updated"
              + " getting taking going happening trying waiting contacting reaching having"
              + " looking emailing messaging speaking calling writing");

  private CuedNames() {}

  /** Returns {@code text} with every cued name replaced by {@code mask}. */
  static String mask(String text, String mask) {
    List<int[]> names = null;
    int lineStart = 0;
    boolean opensLine = true;
    boolean afterLetter = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        lineStart = i + 1;
        opensLine = true;
        afterLetter = false;
        continue;
      }
      char lower = (char) (c | 0x20);
      boolean ascii = lower >= 'a' && lower <= 'z';
      if (ascii && !afterLetter) {
        for (CueWord word : CUE_WORDS_BY_LETTER[lower - 'a']) {
          if ((opensLine || !word.cue().opensLine)
              && Text.startsWithIgnoringCase(text, i, word.word())) {
            int[] name = word.cue().nameAt(text, i, lineStart);
            if (name != null) {
              names = names == null ? new ArrayList<>() : names;
              names.add(name);
            }
          }
        }
      }
      afterLetter = ascii || (c >= 128 && Character.isLetter(c));
      opensLine &= c == ' ' || c == '\t';
    }
    if (names == null) {
      return text;
    }
    names.sort((a, b) -> Integer.compare(a[0], b[0]));
    StringBuilder out = new StringBuilder(text.length());
    int copiedUpTo = 0;
    for (int[] name : names) {
      // Two cues may announce the same name ("Best regards" holds "best" and "regards").
      if (name[0] >= copiedUpTo) {
        out.append(text, copiedUpTo, name[0]).append(mask);
        copiedUpTo = name[1];
      }
    }
    return out.append(text, copiedUpTo, text.length()).toString();
  }

  /**
   * "I'm" counts as the first words of a sentence: at the start of a line, after a greeting there
   * ("Hi team, I'm"), or after a punctuation mark (". I'm", ", I'm").
   */
  private static boolean opensSentence(String text, int at, int lineStart) {
    int before = at;
    while (before > lineStart
        && (text.charAt(before - 1) == ' ' || text.charAt(before - 1) == '\t')) {
      before--;
    }
    return before == lineStart
        || ".!?,;:".indexOf(text.charAt(before - 1)) >= 0
        || LINE_OPENING.matcher(text).region(lineStart, at).matches();
  }

  /** How the text must go on after a cued name for the cue to count. */
  private enum Ending {
    ANYWHERE,
    PUNCTUATION,
    PUNCTUATION_OR_CONTINUATION,
    LINE_END
  }

  /** A sign-off's name on the same line, else alone on one of the next lines. */
  private static int[] signedName(String text, int cueEnd) {
    int i = skipBlanks(text, cueEnd);
    if (i < text.length() && ",!.:-–—".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    int[] sameLine = readName(text, i, false, Ending.LINE_END);
    if (sameLine != null) {
      return sameLine;
    }
    int lineEnd = i;
    while (lineEnd < text.length() && !isLineBreak(text.charAt(lineEnd))) {
      lineEnd++;
    }
    if (lineEnd == text.length() || lineEnd - cueEnd > MAX_SIGN_OFF_TAIL) {
      return null;
    }
    int next = lineEnd;
    while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
      next++;
    }
    return readName(text, next, false, Ending.LINE_END);
  }

  /**
   * The {start, end} of the name of one to three name words at {@code from} (after blanks and a
   * title), or null when there is none or the text does not go on as {@code ending} requires.
   */
  private static int[] readName(String text, int from, boolean capitalised, Ending ending) {
    int start = skipTitle(text, skipBlanks(text, from));
    int end = -1;
    int at = start;
    for (int words = 0; words < MAX_NAME_WORDS; words++) {
      int wordEnd = wordEnd(text, at);
      if (wordEnd < 0 || !isNameWord(text.substring(at, wordEnd), capitalised)) {
        break;
      }
      end = wordEnd;
      at = skipBlanks(text, wordEnd);
      if (at == wordEnd) {
        break;
      }
    }
    return end >= 0 && endsAsRequired(text, end, ending) ? new int[] {start, end} : null;
  }

  private static boolean endsAsRequired(String text, int end, Ending ending) {
    int at = skipBlanks(text, end);
    boolean lineEnds = at == text.length() || isLineBreak(text.charAt(at));
    return switch (ending) {
      case ANYWHERE -> true;
      case PUNCTUATION -> lineEnds || ",!.:;-–—".indexOf(text.charAt(at)) >= 0;
      case PUNCTUATION_OR_CONTINUATION ->
          lineEnds
              || ",!.:;-–—".indexOf(text.charAt(at)) >= 0
              || (wordEnd(text, at) > at
                  && CONTINUATIONS.contains(key(text.substring(at, wordEnd(text, at)))));
      case LINE_END -> {
        while (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == '!')) {
          at++;
        }
        at = skipBlanks(text, at);
        yield at == text.length() || isLineBreak(text.charAt(at));
      }
    };
  }

  /** Skips "Mr", "Mrs." and the like when a word follows, so the title stays readable. */
  private static int skipTitle(String text, int at) {
    int end = wordEnd(text, at);
    if (end < 0 || !TITLES.contains(key(text.substring(at, end)))) {
      return at;
    }
    if (end < text.length() && text.charAt(end) == '.') {
      end++;
    }
    int next = skipBlanks(text, end);
    return next > end && wordEnd(text, next) > 0 ? next : at;
  }

  /**
   * The end of the word of letters at {@code at} (inner apostrophes and hyphens allowed), or -1
   * when none starts there or it runs into a digit or an underscore ("olivia88" is a handle).
   */
  private static int wordEnd(String text, int at) {
    if (at >= text.length() || !Character.isLetter(text.charAt(at))) {
      return -1;
    }
    int i = at + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        i++;
      } else if ((c == '\'' || c == '’' || c == '-')
          && i + 1 < text.length()
          && Character.isLetter(text.charAt(i + 1))) {
        i += 2;
      } else {
        break;
      }
    }
    if (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '_')) {
      return -1;
    }
    return i;
  }

  private static boolean isNameWord(String word, boolean capitalised) {
    if (word.length() < 2) {
      return false;
    }
    if (capitalised
        && !(Character.isUpperCase(word.charAt(0))
            && !word.equals(word.toUpperCase(Locale.ROOT)))) {
      return false;
    }
    String key = key(word);
    if (NOT_NAMES.contains(key)) {
      return false;
    }
    if (key.length() >= MIN_ADJECTIVE_LENGTH) {
      for (String ending : ADJECTIVE_ENDINGS) {
        if (key.endsWith(ending)) {
          return false;
        }
      }
    }
    return true;
  }

  private static String key(String word) {
    return word.toLowerCase(Locale.ROOT).replace('’', '\'');
  }

  private static int skipBlanks(String text, int at) {
    while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
      at++;
    }
    return at;
  }

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r';
  }

  private static CueWord[][] cueWordsByLetter() {
    List<List<CueWord>> byLetter = new ArrayList<>();
    for (char letter = 'a'; letter <= 'z'; letter++) {
      byLetter.add(new ArrayList<>());
    }
    for (Cue cue : Cue.values()) {
      for (String word : cue.words) {
        byLetter.get(word.charAt(0) - 'a').add(new CueWord(word, cue));
      }
    }
    return byLetter.stream().map(words -> words.toArray(CueWord[]::new)).toArray(CueWord[][]::new);
  }

  private static Set<String> words(String spaceSeparated) {
    return Set.copyOf(List.of(spaceSeparated.split(" ")));
  }
}
