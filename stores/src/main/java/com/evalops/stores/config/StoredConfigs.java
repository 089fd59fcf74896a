package com.evalops.stores.config;

import com.evalops.harness.contract.RouterConfig;
import com.evalops.harness.ids.SafeIds;
import com.evalops.harness.release.ConfigDiff;
import com.evalops.harness.release.FieldChange;
import com.evalops.harness.report.ReportWriter;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.storage.StorageJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the router-config stores share: the version file format, names and Change Log entries. */
final class StoredConfigs {
  private static final ObjectMapper JSON = StorageJson.indented();
  static final Pattern VERSION_FILE = Pattern.compile("router-config-(.+)\\.json");
  private static final Pattern CHUNK = Pattern.compile("\\d+|\\D+");

  /** Numbers inside version names compare as numbers, so v9 comes before v10. */
  static final Comparator<String> VERSION_ORDER =
      (a, b) -> {
        Matcher left = CHUNK.matcher(a);
        Matcher right = CHUNK.matcher(b);
        while (left.find() && right.find()) {
          String x = left.group();
          String y = right.group();
          int order =
              Character.isDigit(x.charAt(0)) && Character.isDigit(y.charAt(0))
                  ? new BigInteger(x).compareTo(new BigInteger(y))
                  : x.compareTo(y);
          if (order != 0) {
            return order;
          }
        }
        return a.compareTo(b);
      };

  private StoredConfigs() {}

  /** {@code router-config-<version>.json}: the data-contract file, so a store can seed another. */
  static String fileName(String version) {
    return "router-config-" + SafeIds.require("config version", version) + ".json";
  }

  static byte[] bytes(RouterConfig config) {
    try {
      return JSON.writeValueAsBytes(ReportWriter.configJson(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static IllegalStateException rewritten(String version) {
    return new IllegalStateException(
        "router-config version "
            + version
            + " already exists with different content; versions are never rewritten");
  }

  static ChangeEntry entry(
      RouterConfig from, RouterConfig to, String rolledBackTo, ChangeRequest request) {
    return new ChangeEntry(
        request.changeId(),
        rolledBackTo == null ? ChangeEntry.Kind.APPLY : ChangeEntry.Kind.ROLLBACK,
        from.configVersion(),
        to.configVersion(),
        rolledBackTo,
        ConfigDiff.between(from, to).stream().map(FieldChange::describe).toList(),
        request.requestedBy(),
        request.approvedBy(),
        request.reason(),
        request.linkedRunId(),
        request.linkedDecisionId(),
        request.changeDigest());
  }

  /** A retried change id must name the version its first attempt created. */
  static ChangeEntry sameChange(ChangeEntry recorded, RouterConfig next) {
    if (!recorded.toVersion().equals(next.configVersion())) {
      throw new IllegalStateException(
          "change id "
              + recorded.entryId()
              + " already created version "
              + recorded.toVersion()
              + ", not "
              + next.configVersion());
    }
    return recorded;
  }
}
