package com.evalops.cli.human;

import static com.evalops.cli.client.JsonText.items;
import static com.evalops.cli.client.JsonText.text;

import com.evalops.cli.client.EngineClient;
import com.evalops.cli.client.EngineCommand;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;

/** {@code evalops whoami}: the identity the engine sees for this token. */
@Command(
    name = "whoami",
    mixinStandardHelpOptions = true,
    description =
        "Shows the identity and roles the engine knows the token by: the first check that"
            + " EVALOPS_TOKEN (or --as) and the engine URL are right.")
public final class WhoAmICommand extends EngineCommand {
  @Override
  protected int execute(EngineClient engine) {
    JsonNode answer = engine.get(EngineClient.path("whoami"));
    return print(
        answer,
        out -> {
          List<String> roles = items(answer.path("roles"));
          roles.replaceAll(r -> r.toLowerCase(Locale.ROOT));
          out.println(
              text(answer, "id")
                  + " (roles: "
                  + (roles.isEmpty() ? "none" : String.join(", ", roles))
                  + ") at "
                  + engine.baseUrl());
        });
  }
}
