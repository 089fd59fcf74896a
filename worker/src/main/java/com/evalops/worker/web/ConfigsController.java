package com.evalops.worker.web;

import com.evalops.harness.release.FieldChange;
import com.evalops.harness.report.ReportWriter;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.LedgerEntry;
import com.evalops.worker.api.ApiException;
import com.evalops.worker.safemode.SafeModeHolds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Router config versions, the diff between any two, and the Change Log. Read only. */
@Controller
public class ConfigsController {
  private static final JsonMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final RouterConfigStore configs;
  private final Ledger<ChangeEntry> changeLog;
  private final SafeModeHolds holds;

  public ConfigsController(
      RouterConfigStore configs, Ledger<ChangeEntry> changeLog, SafeModeHolds holds) {
    this.configs = configs;
    this.changeLog = changeLog;
    this.holds = holds;
  }

  @GetMapping("/console/configs")
  String configs(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      Model model) {
    List<String> versions = configs.versions();
    String current = configs.current().configVersion();
    String toVersion = to != null && versions.contains(to) ? to : current;
    int at = versions.indexOf(toVersion);
    String fromVersion =
        from != null && versions.contains(from) ? from : at > 0 ? versions.get(at - 1) : toVersion;
    List<FieldChange> diff = configs.diff(fromVersion, toVersion);
    List<LedgerEntry<ChangeEntry>> changes = new ArrayList<>(changeLog.list());
    Collections.reverse(changes);
    model.addAttribute("versions", versions);
    model.addAttribute("current", current);
    SafeModeHolds.Status held = holds.status();
    model.addAttribute("safeMode", held.safeMode());
    model.addAttribute("holds", held.holds());
    model.addAttribute("from", fromVersion);
    model.addAttribute("to", toVersion);
    model.addAttribute("diff", diff);
    model.addAttribute("changes", changes);
    return "console/configs";
  }

  @GetMapping("/console/configs/{version}")
  String version(@PathVariable String version, Model model) {
    if (!configs.versions().contains(version)) {
      throw ApiException.notFound("no router-config version " + version);
    }
    model.addAttribute("version", version);
    model.addAttribute("current", configs.current().configVersion());
    model.addAttribute(
        "json", PRETTY.writeValueAsString(ReportWriter.configJson(configs.get(version))));
    return "console/config";
  }
}
