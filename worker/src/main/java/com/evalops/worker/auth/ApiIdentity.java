package com.evalops.worker.auth;

import com.evalops.workflows.approval.Actor;
import com.evalops.workflows.approval.Role;
import java.util.EnumSet;
import java.util.Set;

/** Who called: the identity a bearer token stands for, and its roles. */
public record ApiIdentity(String id, Set<Role> roles) {
  public ApiIdentity {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  public boolean hasAny(Set<Role> wanted) {
    return roles.stream().anyMatch(wanted::contains);
  }

  /** The identity as the workflows see it, acting through {@code channel}. */
  public Actor actor(String channel) {
    return new Actor(id, roles, channel);
  }
}
