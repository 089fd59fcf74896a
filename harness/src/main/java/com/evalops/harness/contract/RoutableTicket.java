package com.evalops.harness.contract;

import java.time.Instant;

/** What a router is given: the ticket without any gold label. */
public record RoutableTicket(String ticketId, Instant createdAt, Channel channel, String text) {}
