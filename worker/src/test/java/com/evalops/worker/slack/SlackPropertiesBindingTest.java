package com.evalops.worker.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.evalops.worker.auth.ApiIdentity;
import com.evalops.worker.config.EvalopsProperties;
import com.evalops.workflows.approval.Role;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The receiving side's Slack settings, written as environment variables the way the docs say. */
class SlackPropertiesBindingTest {

  static EvalopsProperties.Slack bind(Map<String, Object> env) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
    return new Binder(ConfigurationPropertySources.get(environment))
        .bindOrCreate("evalops", EvalopsProperties.class)
        .slack();
  }

  @Test
  void givenEnvironmentVariables_whenBound_thenModeTokenAndLinkedUsers() {
    EvalopsProperties.Slack slack =
        bind(
            Map.of(
                "EVALOPS_SLACK_SIGNING_SECRET", "s3cret",
                "EVALOPS_SLACK_MODE", "SOCKET",
                "EVALOPS_SLACK_APP_TOKEN", "xapp-1-A-1-x",
                "EVALOPS_SLACK_USERS_U0LEAD1_IDENTITY", "lead-1",
                "EVALOPS_SLACK_USERS_U0LEAD1_ROLES", "leadership,oncall",
                "EVALOPS_SLACK_USERS_U0ANA_IDENTITY", "oncall-ana",
                "EVALOPS_SLACK_USERS_U0ANA_ROLES", "oncall"));
    assertTrue(slack.socketMode());
    assertEquals("xapp-1-A-1-x", slack.appToken());
    assertEquals("s3cret", slack.signingSecret());
    SlackIdentities identities = SlackIdentities.of(slack, null);
    assertEquals(
        Optional.of(new ApiIdentity("lead-1", Set.of(Role.LEADERSHIP, Role.ONCALL))),
        identities.identify("U0LEAD1"));
    assertEquals("oncall-ana", identities.identify("U0ANA").orElseThrow().id());
    assertEquals(Optional.empty(), identities.identify("U0NOBODY"));
  }

  @Test
  void givenNothing_whenBound_thenHttpAndNobodyLinked() {
    EvalopsProperties.Slack slack = bind(Map.of());
    assertEquals("http", slack.mode());
    assertEquals(Map.of(), slack.users());
  }

  @Test
  void givenAnUnknownModeOrRole_whenBound_thenTheSettingIsNamed() {
    BindException mode =
        assertThrows(BindException.class, () -> bind(Map.of("EVALOPS_SLACK_MODE", "webhook")));
    Throwable root = mode;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(
        root.getMessage().contains("evalops.slack.mode must be http or socket"), root.getMessage());
    EvalopsProperties.Slack slack =
        bind(
            Map.of(
                "EVALOPS_SLACK_USERS_U1_IDENTITY", "x",
                "EVALOPS_SLACK_USERS_U1_ROLES", "boss"));
    IllegalArgumentException role =
        assertThrows(IllegalArgumentException.class, () -> SlackIdentities.of(slack, null));
    assertTrue(role.getMessage().contains("evalops.slack.users."), role.getMessage());
  }
}
