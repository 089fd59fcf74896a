package com.evalops.demodata;

import java.util.List;

/**
 * One intent of the demo taxonomy with the phrase banks its ticket texts are drawn from.
 *
 * @param template the auto-reply template for tier 2 intents, null otherwise
 * @param group the family of related intents whose vague wordings overlap, or null for tier 0
 *     intents, which are kept lexically distinct so that the clean model never misses them
 * @param cores the sentence that says what the customer wants; slots like {merchant} are filled
 * @param subjects e-mail subject lines
 * @param details optional follow-up sentences
 */
record DemoIntent(
    String name,
    String team,
    int tier,
    boolean leadershipApproval,
    String template,
    List<String> safetyFlags,
    String group,
    List<String> cores,
    List<String> subjects,
    List<String> details) {}
