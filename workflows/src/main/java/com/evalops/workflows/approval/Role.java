package com.evalops.workflows.approval;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a person may do in a runbook (see the spec's "People and how they act"). */
public enum Role {
  ONCALL,
  LABELER,
  LEADERSHIP,
  AUDITOR;

  /**
   * Roles as configuration names them ({@code oncall}, {@code Labeler}, …): the one parser for
   * tokens, Slack identities and anything else that lists roles.
   *
   * @param field where the list comes from, named in the refusal (e.g. {@code
   *     evalops.auth.tokens[0].roles})
   * @throws IllegalArgumentException naming the field and the value for an empty list or an unknown
   *     role
   */
  public static Set<Role> parseAll(List<String> names, String field) {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException(field + " is empty: name at least one role");
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      try {
        roles.add(Role.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            field + " has \"" + name + "\"; roles are oncall, labeler, leadership, auditor");
      }
    }
    return Collections.unmodifiableSet(roles);
  }

  /**
   * The audience of a notification: the roles' names in lower case, in the order of this enum
   * ({@code oncall,leadership}), the same on every worker whatever set the roles came in.
   */
  public static String audience(Set<Role> roles) {
    return roles.stream()
        .sorted()
        .map(r -> r.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(","));
  }
}
