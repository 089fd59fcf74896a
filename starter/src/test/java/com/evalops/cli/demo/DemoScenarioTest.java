package com.evalops.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoScenarioTest {

  @Test
  void givenQuotedTextSpanningLines_whenMisroutesRead_thenEveryRowOfTheIntentFound() {
    String csv =
        "ticket_id,channel,gold_intent,predicted_intent,gold_team,predicted_team,gold_tier,"
            + "predicted_tier,confidence,automated,text\n"
            + "T-1,email,refund_request,fee_schedule,billing,billing,1,2,0.910000,true,"
            + "\"Why this fee?\nfee_schedule,twice, \"\"again\"\"\"\n"
            + "T-2,livechat,card_activation,fraud_report,cards,risk,1,0,0.700000,false,hi\n"
            + "T-3,email,address_change,fee_schedule,cards,billing,1,2,0.880000,true,"
            + "'=HYPERLINK(\"x\")\n";

    assertEquals(List.of("T-1", "T-3"), DemoScenario.misroutedAs("fee_schedule", csv));
  }
}
