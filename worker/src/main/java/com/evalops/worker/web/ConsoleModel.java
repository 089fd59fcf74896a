package com.evalops.worker.web;

import com.evalops.worker.api.ApiException;
import com.evalops.worker.auth.ApiIdentity;
import com.evalops.workflows.approval.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page knows: who is logged in, their roles, the CSRF token for its forms; and
 * refusals as a page (403 naming the role needed, 404), not the API's JSON.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleModel {

  @ModelAttribute
  void common(HttpServletRequest request, Model model) {
    ApiIdentity who = ConsoleSession.identity(request);
    model.addAttribute("csrf", ConsoleSession.csrf(request));
    model.addAttribute("csrfField", ConsoleSession.CSRF_FIELD);
    model.addAttribute("who", who);
    Set<String> roles =
        who == null
            ? Set.of()
            : who.roles().stream()
                .map(r -> r.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
    model.addAttribute("roles", roles);
    model.addAttribute("canLabel", who != null && who.hasAny(Set.of(Role.LABELER)));
    model.addAttribute(
        "canApprove", who != null && who.hasAny(Set.of(Role.ONCALL, Role.LEADERSHIP)));
  }

  @ExceptionHandler(ApiException.class)
  String refused(
      ApiException e, HttpServletRequest request, HttpServletResponse response, Model model) {
    common(request, model);
    response.setStatus(e.status());
    model.addAttribute("status", e.status());
    model.addAttribute("reason", e.getMessage());
    return "console/error";
  }
}
