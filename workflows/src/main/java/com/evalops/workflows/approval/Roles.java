package com.evalops.workflows.approval;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Role sets in a fixed (declaration) order, so messages and state never depend on hashing. */
final class Roles {
  private Roles() {}

  static Set<Role> copyOf(Collection<Role> roles) {
    EnumSet<Role> copy = EnumSet.noneOf(Role.class);
    if (roles != null) {
      copy.addAll(roles);
    }
    return Collections.unmodifiableSet(copy);
  }

  static boolean intersect(Set<Role> a, Set<Role> b) {
    return a.stream().anyMatch(b::contains);
  }
}
