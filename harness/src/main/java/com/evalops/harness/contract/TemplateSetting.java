package com.evalops.harness.contract;

/** Whether the router config lets a template be sent. */
public record TemplateSetting(boolean enabled) {}
