package com.evalops.worker.safemode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/safe-mode}: the scopes held in the router config in force, their holders, and
 * which holds are orphaned. For every authenticated identity, like the other read endpoints.
 */
@RestController
public class SafeModeController {
  private final SafeModeHolds holds;

  public SafeModeController(SafeModeHolds holds) {
    this.holds = holds;
  }

  @GetMapping("/api/safe-mode")
  SafeModeHolds.Status status() {
    return holds.status();
  }
}
