package com.evalops.harness.contract;

import java.time.Instant;

/** An agent's correction of a route, made with a feedback macro (data contract §5). */
public record AgentOverride(String intent, String team, String macro, String agentId, Instant at) {}
