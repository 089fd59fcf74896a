package com.evalops.worker.slack;

import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.workflows.approval.Role;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack users as engine identities: who pressed a button, in which roles. A user listed under
 * {@code evalops.slack.users} acts as the identity and roles given there; a member of the
 * configured approver group ({@code evalops.slack.approver-group}, resolved through {@code
 * usergroups.users.list}) also gets the group's roles, and acts as {@code slack-<user id>} when not
 * listed. Anyone else is unknown and may not vote.
 *
 * <p>The group is looked up at most once per {@link #GROUP_TTL}; when Slack cannot answer, the last
 * answer stays in force (and none before the first), so an outage never grants a role.
 */
public final class SlackIdentities {
  static final Duration GROUP_TTL = Duration.ofMinutes(5);
  private static final Logger log = LoggerFactory.getLogger(SlackIdentities.class);

  /** The members of a Slack user group. */
  @FunctionalInterface
  public interface GroupMembers {
    List<String> of(String groupId) throws IOException;
  }

  private final Map<String, ApiIdentity> users;
  private final String approverGroup;
  private final Set<Role> groupRoles;
  private final GroupMembers groupMembers;
  private final Clock clock;
  private Set<String> members = Set.of();
  private Instant membersUntil = Instant.MIN;

  public SlackIdentities(
      Map<String, EvalopsProperties.SlackUser> users,
      String approverGroup,
      List<String> approverGroupRoles,
      GroupMembers groupMembers,
      Clock clock) {
    Map<String, ApiIdentity> byId = new HashMap<>();
    users.forEach(
        (slackId, user) -> {
          String where = "evalops.slack.users." + slackId;
          if (user == null || user.identity() == null || user.identity().isBlank()) {
            throw new IllegalArgumentException(where + ".identity is missing");
          }
          byId.put(
              normalize(slackId),
              new ApiIdentity(user.identity().trim(), roles(user.roles(), where + ".roles")));
        });
    this.users = Map.copyOf(byId);
    this.approverGroup = approverGroup == null ? "" : approverGroup.trim();
    this.groupRoles =
        this.approverGroup.isEmpty()
            ? Set.of()
            : roles(approverGroupRoles, "evalops.slack.approver-group-roles");
    this.groupMembers = groupMembers;
    this.clock = clock;
  }

  /** From configuration; the group (if any) is resolved through {@code methods}. */
  public static SlackIdentities of(EvalopsProperties.Slack slack, MethodsClient methods) {
    return new SlackIdentities(
        slack.users(),
        slack.approverGroup(),
        slack.approverGroupRoles(),
        methods == null ? null : usergroupMembers(methods),
        Clock.systemUTC());
  }

  /** {@code usergroups.users.list}: the members of a user group (needs {@code usergroups:read}). */
  public static GroupMembers usergroupMembers(MethodsClient methods) {
    return groupId -> {
      try {
        UsergroupsUsersListResponse response =
            methods.usergroupsUsersList(r -> r.usergroup(groupId));
        if (!response.isOk()) {
          throw new IOException("usergroups.users.list " + groupId + ": " + response.getError());
        }
        return response.getUsers();
      } catch (SlackApiException e) {
        throw new IOException("usergroups.users.list " + groupId + ": " + e.getMessage(), e);
      }
    };
  }

  /** The identity a Slack user acts as, or empty when they are not known to the engine. */
  public Optional<ApiIdentity> identify(String slackUserId) {
    if (slackUserId == null || slackUserId.isBlank()) {
      return Optional.empty();
    }
    String id = normalize(slackUserId);
    ApiIdentity mapped = users.get(id);
    boolean inGroup = !approverGroup.isEmpty() && groupMembers().contains(id);
    if (!inGroup) {
      return Optional.ofNullable(mapped);
    }
    EnumSet<Role> roles = EnumSet.copyOf(groupRoles);
    if (mapped != null) {
      roles.addAll(mapped.roles());
    }
    return Optional.of(new ApiIdentity(mapped != null ? mapped.id() : "slack-" + id, roles));
  }

  /** How many users are configured by id; for the start-up line. */
  public int configuredUsers() {
    return users.size();
  }

  public String approverGroup() {
    return approverGroup;
  }

  private synchronized Set<String> groupMembers() {
    Instant now = clock.instant();
    if (groupMembers == null || now.isBefore(membersUntil)) {
      return members;
    }
    try {
      members =
          groupMembers.of(approverGroup).stream()
              .map(SlackIdentities::normalize)
              .collect(Collectors.toUnmodifiableSet());
      membersUntil = now.plus(GROUP_TTL);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "Slack: could not resolve approver group {} ({}); keeping the {} member(s) known",
          approverGroup,
          e.getMessage(),
          members.size());
      // Try again after a short pause, not on every click.
      membersUntil = now.plus(Duration.ofSeconds(30));
    }
    return members;
  }

  private static String normalize(String slackId) {
    // Environment variables bind map keys in lower case; Slack ids are upper case.
    return slackId.trim().toUpperCase(Locale.ROOT);
  }

  private static Set<Role> roles(List<String> names, String where) {
    return Role.parseAll(names, where);
  }
}
