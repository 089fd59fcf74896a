package com.evalops.worker.api;

import com.evalops.harness.report.ReportWriter;
import com.evalops.stores.artifact.ArtifactIntegrityException;
import com.evalops.stores.artifact.ArtifactStore;
import com.evalops.stores.artifact.RunManifest;
import com.evalops.stores.config.RouterConfigStore;
import com.evalops.stores.ledger.ChangeEntry;
import com.evalops.stores.ledger.DecisionEntry;
import com.evalops.stores.ledger.Ledger;
import com.evalops.stores.ledger.Verification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the runbooks leave behind, for every identity (auditors included): run artifacts, router
 * configs and the Change Log, and the hash-chain check of both logs.
 */
@RestController
public class StoresController {
  private final ArtifactStore artifacts;
  private final RouterConfigStore configs;
  private final Ledger<DecisionEntry> decisionLog;
  private final Ledger<ChangeEntry> changeLog;

  public StoresController(
      ArtifactStore artifacts,
      RouterConfigStore configs,
      Ledger<DecisionEntry> decisionLog,
      Ledger<ChangeEntry> changeLog) {
    this.artifacts = artifacts;
    this.configs = configs;
    this.decisionLog = decisionLog;
    this.changeLog = changeLog;
  }

  @GetMapping("/api/artifacts")
  List<String> runs() {
    return artifacts.list();
  }

  @GetMapping("/api/artifacts/{runId}")
  RunManifest manifest(@PathVariable String runId) {
    if (!artifacts.exists(RequestRules.id("runId", runId))) {
      throw ApiException.notFound("no complete run " + runId + " in the artifact store");
    }
    return artifacts.readManifest(runId);
  }

  /** A file of a run, checked against the manifest's SHA-256 before a byte is sent. */
  @GetMapping("/api/artifacts/{runId}/files/{file}")
  ResponseEntity<byte[]> file(@PathVariable String runId, @PathVariable String file) {
    RunManifest manifest = manifest(runId);
    if (!manifest.files().containsKey(file)) {
      throw ApiException.notFound(
          "run " + runId + " has no file " + file + "; it has " + manifest.files().keySet());
    }
    try {
      byte[] bytes = artifacts.readVerified(runId, file);
      MediaType type =
          file.endsWith(".json")
              ? MediaType.APPLICATION_JSON
              : new MediaType("text", file.endsWith(".csv") ? "csv" : "plain");
      return ResponseEntity.ok().contentType(type).body(bytes);
    } catch (ArtifactIntegrityException e) {
      throw new ApiException(500, e.getMessage(), null);
    }
  }

  /** The config the production router should run; the router polls this. */
  @GetMapping("/api/router-config/current")
  Map<String, Object> currentConfig() {
    return ReportWriter.configJson(configs.current());
  }

  @GetMapping("/api/router-config/versions")
  Map<String, Object> versions() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("current", configs.current().configVersion());
    body.put("versions", configs.versions());
    return body;
  }

  @GetMapping("/api/router-config/versions/{version}")
  Map<String, Object> version(@PathVariable String version) {
    if (!configs.versions().contains(version)) {
      throw ApiException.notFound("no router-config version " + version);
    }
    return ReportWriter.configJson(configs.get(version));
  }

  @GetMapping("/api/router-config/diff")
  Object diff(@RequestParam String from, @RequestParam String to) {
    for (String v : List.of(from, to)) {
      if (!configs.versions().contains(v)) {
        throw ApiException.badRequest(v.equals(from) ? "from" : "to", "no version " + v);
      }
    }
    return configs.diff(from, to);
  }

  @GetMapping("/api/change-log")
  List<Map<String, Object>> changes() {
    return changeLog.list().stream().map(RunsController::asJson).toList();
  }

  /** Both logs' hash chains; {@code intact: false} names the first entry that does not fit. */
  @GetMapping("/api/decisions/verify")
  Map<String, Verification> verify() {
    Map<String, Verification> body = new LinkedHashMap<>();
    body.put("decisionLog", decisionLog.verify());
    body.put("changeLog", changeLog.verify());
    return body;
  }
}
