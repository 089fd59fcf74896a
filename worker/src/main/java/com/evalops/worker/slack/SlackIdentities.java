package com.evalops.worker.slack;

import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.worker.config.EvalopsProperties.SlackUser;
import com.evalops.workflows.approval.Role;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Slack user id → engine identity and roles, from {@code evalops.slack.users}.
 *
 * <p>Minimal version written on the receiving side (branch slack-in) so that clicks can be mapped
 * before the posting side's SlackIdentities (branch slack-out, which also resolves a Slack user
 * group) lands; the two are to be reconciled into one class. What the receiving side relies on:
 * {@link #identify(String)}.
 */
@Component
public class SlackIdentities {
  private final Map<String, ApiIdentity> bySlackId;

  @Autowired
  public SlackIdentities(EvalopsProperties props) {
    this(props.slack().users());
  }

  public SlackIdentities(List<SlackUser> users) {
    Map<String, ApiIdentity> map = new LinkedHashMap<>();
    for (int i = 0; i < users.size(); i++) {
      SlackUser user = users.get(i);
      String where = "evalops.slack.users[" + i + "]";
      if (user.slackId() == null || user.slackId().isBlank()) {
        throw new IllegalArgumentException(where + ".slack-id is missing");
      }
      if (user.identity() == null || user.identity().isBlank()) {
        throw new IllegalArgumentException(where + ".identity is missing");
      }
      ApiIdentity identity = new ApiIdentity(user.identity().trim(), roles(user.roles(), where));
      if (map.put(key(user.slackId()), identity) != null) {
        throw new IllegalArgumentException(
            where + ".slack-id " + user.slackId() + " is mapped twice");
      }
    }
    this.bySlackId = Map.copyOf(map);
  }

  /** The engine identity of a Slack user, or empty when the user is not linked. */
  public Optional<ApiIdentity> identify(String slackUserId) {
    return slackUserId == null
        ? Optional.empty()
        : Optional.ofNullable(bySlackId.get(key(slackUserId)));
  }

  public int size() {
    return bySlackId.size();
  }

  /** Slack ids are upper case; environment variables may arrive lower-cased. */
  private static String key(String slackId) {
    return slackId.trim().toUpperCase(Locale.ROOT);
  }

  private static Set<Role> roles(List<String> names, String where) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException(where + ".roles is empty: name at least one role");
    }
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      try {
        roles.add(Role.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            where + ".roles has \"" + name + "\"; roles are oncall, labeler, leadership, auditor");
      }
    }
    return roles;
  }
}
