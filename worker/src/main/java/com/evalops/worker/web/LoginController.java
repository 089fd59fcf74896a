package com.evalops.worker.web;

import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.auth.RefusalLog;
import com.evalops.worker.auth.TokenRegistry;
import com.evalops.workflows.approval.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Login with the same tokens as the API: the token is checked once, against the same registry, and
 * the session then stands for its identity. The token itself is never stored.
 */
@Controller
public class LoginController {
  private final TokenRegistry tokens;
  private final RefusalLog refusals;

  public LoginController(TokenRegistry tokens, RefusalLog refusals) {
    this.tokens = tokens;
    this.refusals = refusals;
  }

  @GetMapping("/")
  String root() {
    return "redirect:/console/";
  }

  @GetMapping({"/console", "/console/"})
  String home(HttpServletRequest request) {
    return "redirect:" + home(ConsoleSession.who(request));
  }

  @GetMapping(ConsoleFilter.LOGIN)
  String loginPage(@RequestParam(required = false) String next, Model model) {
    model.addAttribute("next", safeNext(next));
    return "console/login";
  }

  @PostMapping(ConsoleFilter.LOGIN)
  String login(
      @RequestParam(defaultValue = "") String token,
      @RequestParam(required = false) String next,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Optional<ApiIdentity> who = tokens.identify(token.trim());
    if (who.isEmpty()) {
      refusals.record(401, "", ConsoleSession.CHANNEL, "login", "", "unknown or malformed token");
      response.setStatus(401);
      model.addAttribute("next", safeNext(next));
      model.addAttribute("error", "Unknown token. Paste the token you were given.");
      return "console/login";
    }
    ConsoleSession.login(request, who.get());
    String target = safeNext(next);
    return "redirect:" + (target.isEmpty() ? home(who.get()) : target);
  }

  @PostMapping("/console/logout")
  String logout(HttpServletRequest request) {
    ConsoleSession.logout(request);
    return "redirect:" + ConsoleFilter.LOGIN;
  }

  /** Each role's first page. */
  static String home(ApiIdentity who) {
    if (who.hasAny(Set.of(Role.LABELER))) {
      return "/console/labeling";
    }
    if (who.hasAny(Set.of(Role.LEADERSHIP))) {
      return "/console/approvals";
    }
    return "/console/runs";
  }

  /** Only a console page of this origin: no open redirect through {@code next}. */
  static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/console/")
        || next.startsWith(ConsoleFilter.LOGIN)
        || !next.matches("[A-Za-z0-9/_.%~-]+")) {
      return "";
    }
    return next;
  }
}
