package com.evalops.workflows.approval;

import java.util.Set;

/**
 * Who acts, in which roles, through which channel ({@code cli}, {@code api}, {@code slack}, {@code
 * web}). The id is an internal handle (an SSO user id), never an email or a name, so it may appear
 * in workflow history.
 */
public record Actor(String id, Set<Role> roles, String channel) {
  public Actor {
    Text.requireNonBlank(id, "actor id");
    Text.requireNonBlank(channel, "actor channel");
    roles = Roles.copyOf(roles);
  }

  public boolean hasAnyRole(Set<Role> wanted) {
    return Roles.intersect(roles, wanted);
  }
}
