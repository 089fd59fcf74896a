package com.evalops.harness.comparison;

/** How far one gold label's row of the confusion matrix moved (total-variation distance). */
public record IntentShift(String intent, long support, double distance) {}
