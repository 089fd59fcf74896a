package com.evalops.harness.evaluation;

import com.evalops.harness.contract.ContractViolation;
import com.evalops.harness.contract.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every prediction of a file, indexed by ticket id in compact columns: a million predictions take
 * about 90 MB instead of the 300 MB their records would, so a 256 MB heap scores them.
 */
final class PredictionPart {
  private final Path file;
  private final Strings labels = new Strings();
  private char[] idChars = new char[1 << 14];
  private int idCharCount;
  private int[] idStart = new int[1025];
  private int[] intent = new int[1024];
  private int[] team = new int[1024];
  private byte[] tier = new byte[1024];
  private int[] template = new int[1024];
  private double[] confidence = new double[1024];
  private boolean[] automated = new boolean[1024];
  private int[] prompt = new int[1024];
  private int[] model = new int[1024];
  private int[] line = new int[1024];
  private int size;
  private long[] table = new long[2048];

  PredictionPart(Path file) {
    this.file = file;
  }

  int size() {
    return size;
  }

  /** The prediction's position, or -1 when there is none for this ticket. */
  int indexOf(String ticketId) {
    int hash = mix(ticketId.hashCode());
    int mask = table.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      long entry = table[slot];
      if (entry == 0) {
        return -1;
      }
      int i = (int) entry - 1;
      if ((int) (entry >>> 32) == hash && idEquals(i, ticketId)) {
        return i;
      }
    }
  }

  private boolean idEquals(int i, String ticketId) {
    int from = idStart[i];
    int length = idStart[i + 1] - from;
    if (length != ticketId.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (idChars[from + k] != ticketId.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The prediction at {@code i}, for the ticket the caller already holds the id of. */
  Prediction get(int i, String ticketId) {
    return new Prediction(
        ticketId,
        labels.get(intent[i]),
        labels.get(team[i]),
        tier[i],
        template[i] < 0 ? null : labels.get(template[i]),
        confidence[i],
        automated[i],
        labels.get(prompt[i]),
        labels.get(model[i]));
  }

  String ticketId(int i) {
    return new String(idChars, idStart[i], idStart[i + 1] - idStart[i]);
  }

  long line(int i) {
    return line[i];
  }

  void add(Prediction p, long lineNumber) {
    int existing = indexOf(p.ticketId());
    if (existing >= 0) {
      throw new ContractViolation(
          file,
          lineNumber,
          "ticket_id",
          "\"" + p.ticketId() + "\"",
          "duplicate prediction for this ticket (first on line " + line[existing] + ")");
    }
    if (size == intent.length) {
      grow();
    }
    int i = size++;
    String id = p.ticketId();
    if (idCharCount + id.length() > idChars.length) {
      idChars = Arrays.copyOf(idChars, Math.max(idChars.length * 2, idCharCount + id.length()));
    }
    id.getChars(0, id.length(), idChars, idCharCount);
    idStart[i] = idCharCount;
    idCharCount += id.length();
    idStart[i + 1] = idCharCount;
    intent[i] = labels.intern(p.intent());
    team[i] = labels.intern(p.team());
    tier[i] = (byte) p.tier();
    template[i] = p.template() == null ? -1 : labels.intern(p.template());
    confidence[i] = p.confidence();
    automated[i] = p.automated();
    prompt[i] = labels.intern(p.promptVersion());
    model[i] = labels.intern(p.modelVersion());
    line[i] = (int) lineNumber;
    if (size * 2 > table.length) {
      rehash();
    } else {
      insert(i);
    }
  }

  private void insert(int i) {
    insert(table, mix(ticketIdHash(i)), i);
  }

  private static void insert(long[] into, int hash, int i) {
    int mask = into.length - 1;
    int slot = hash & mask;
    while (into[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    into[slot] = ((long) hash << 32) | (i + 1L);
  }

  private void rehash() {
    long[] grown = new long[table.length * 2];
    for (long entry : table) {
      if (entry != 0) {
        insert(grown, (int) (entry >>> 32), (int) entry - 1);
      }
    }
    table = grown;
    insert(size - 1);
  }

  /** The id's String.hashCode, computed from the stored chars. */
  private int ticketIdHash(int i) {
    int h = 0;
    for (int k = idStart[i]; k < idStart[i + 1]; k++) {
      h = 31 * h + idChars[k];
    }
    return h;
  }

  private void grow() {
    int n = intent.length * 2;
    idStart = Arrays.copyOf(idStart, n + 1);
    intent = Arrays.copyOf(intent, n);
    team = Arrays.copyOf(team, n);
    tier = Arrays.copyOf(tier, n);
    template = Arrays.copyOf(template, n);
    confidence = Arrays.copyOf(confidence, n);
    automated = Arrays.copyOf(automated, n);
    prompt = Arrays.copyOf(prompt, n);
    model = Arrays.copyOf(model, n);
    line = Arrays.copyOf(line, n);
  }

  /** Spreads String.hashCode so that sequential ids do not cluster in the table. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    // 0 marks an empty slot only through the position half, so any hash value is fine.
    return h;
  }

  /** Few distinct label strings repeat a million times: keep one copy of each. */
  private static final class Strings {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    int intern(String value) {
      Integer id = ids.get(value);
      if (id == null) {
        id = values.size();
        ids.put(value, id);
        values.add(value);
      }
      return id;
    }

    String get(int id) {
      return values.get(id);
    }
  }
}
