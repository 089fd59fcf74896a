package com.evalops.demodata;

import java.util.List;
import java.util.Map;

/** The demo bank's intents, their phrase banks and the vague wordings shared within a family. */
final class DemoCatalog {
  private DemoCatalog() {}

  static final String BILLING_FAMILY = "billing";
  static final String CARD_FAMILY = "card";
  static final String ACCESS_FAMILY = "access";
  static final String MONEY_FAMILY = "money";
  static final String ACCOUNT_FAMILY = "account";

  /** A topic outside the taxonomy that shows up in production only: the new-intent signal. */
  static final String NEW_INTENT = "crypto_question";

  static final String NEW_INTENT_TEAM = "payments";

  static final List<String> NEW_INTENT_CORES =
      List.of(
          "can I buy bitcoin in the app?",
          "how do I send crypto to my external wallet",
          "do you support ethereum or only bitcoin",
          "I want to withdraw my crypto to a ledger wallet",
          "why can't I buy crypto with my balance",
          "is there a fee for selling bitcoin",
          "when will you add solana to the crypto section");

  /** Tier 0 first; the order is the order of generation and must not change between runs. */
  static final List<DemoIntent> INTENTS =
      List.of(
          new DemoIntent(
              "fraud_report",
              "risk",
              0,
              true,
              null,
              List.of("possible_fraud"),
              null,
              List.of(
                  "there are transactions on my account that I did not make, I think this is fraud",
                  "someone used my card for purchases I never authorised at {merchant}",
                  "I want to report fraud, {amount} went to {merchant} and it was not me",
                  "I have been scammed, a fake seller took {amount} from my account",
                  "unauthorised payments keep appearing, please block them, this is fraud",
                  "fraudulent charges on my card, I did not authorise any of them",
                  "a scammer called pretending to be the bank and now {amount} is gone",
                  "I think I am a victim of fraud, {amount} was taken without my permission"),
              List.of(
                  "Fraudulent transactions on my account",
                  "Report fraud",
                  "Unauthorised payments - urgent",
                  "I have been scammed",
                  "Fraud on my card"),
              List.of(
                  "Please stop any more fraudulent payments.",
                  "I still have the card, so the fraudsters must have copied it.",
                  "I never authorised anything at {merchant}.",
                  "I have reported the scam to the police too.")),
          new DemoIntent(
              "account_takeover",
              "risk",
              0,
              true,
              null,
              List.of("account_compromised"),
              null,
              List.of(
                  "someone has hacked into my account and changed my email address",
                  "I got a login alert from a device I don't recognise and someone changed my password",
                  "my account was hacked, the phone number on it is not mine anymore",
                  "somebody else logged into my account from {city} and changed my details",
                  "I think my account is hacked, there are new payees I never added",
                  "I got a password changed email but it was not me, a hacker is in my account",
                  "a hacker locked me out of my account and changed the security details",
                  "my online banking has been compromised, someone else is logged in"),
              List.of(
                  "My account has been hacked",
                  "Someone else is in my account",
                  "Account compromised",
                  "Hacked account - details changed"),
              List.of(
                  "Please lock the account before the hacker moves money.",
                  "The hacker also changed my email to one I don't own.",
                  "I did not share my details with anyone, yet someone got in.")),
          new DemoIntent(
              "card_stolen",
              "risk",
              0,
              false,
              null,
              List.of("card_lost_or_stolen"),
              null,
              List.of(
                  "my card was stolen, please block it right away",
                  "I lost my wallet with my card in it yesterday in {city}",
                  "my bag was stolen with my debit card inside, freeze the card please",
                  "I've been pickpocketed and my card is gone",
                  "I think my card was stolen, I can't find it anywhere",
                  "my card was stolen at the station, block it before a thief uses it",
                  "lost my card on a night out, it needs cancelling now",
                  "a thief stole my purse with my card, what do I do"),
              List.of("Stolen card", "Lost card - please block", "Card stolen", "Wallet stolen"),
              List.of(
                  "Please send a replacement for the stolen card.",
                  "The card was lost or stolen some time after {time}.",
                  "I already froze the lost card in the app but want it cancelled.")),
          new DemoIntent(
              "refund_request",
              "billing",
              1,
              true,
              null,
              List.of(),
              BILLING_FAMILY,
              List.of(
                  "I'd like a refund for my order from {merchant}",
                  "please refund the {amount} I paid, the item never came",
                  "can I get my money back for the plan I cancelled",
                  "I want a refund, the service was not as described",
                  "requesting a refund of {amount} for an order I cancelled",
                  "how do I ask for a refund on a purchase",
                  "I returned the item to {merchant}, please give me a refund"),
              List.of(
                  "Refund request",
                  "Please refund my order",
                  "Money back",
                  "Refund for {merchant}"),
              List.of(
                  "I have the receipt if you need it.",
                  "The order number is {order}.",
                  "I would prefer the money back on my card.")),
          new DemoIntent(
              "refund_status",
              "billing",
              1,
              false,
              null,
              List.of(),
              BILLING_FAMILY,
              List.of(
                  "I was promised a refund {days} days ago and still nothing",
                  "where is my refund? it has been {days} days",
                  "my refund from {merchant} is not showing on my account yet",
                  "when will the refund of {amount} reach my account",
                  "the merchant says they refunded me but I can't see it",
                  "any update on the status of my refund?",
                  "has my refund been processed yet, it's been over a week"),
              List.of(
                  "Where is my refund",
                  "Refund not received",
                  "Refund status",
                  "Still waiting for refund"),
              List.of(
                  "{merchant} sent me a confirmation on {date}.",
                  "How long do refunds usually take?",
                  "The order number was {order}.")),
          new DemoIntent(
              "chargeback_dispute",
              "billing",
              1,
              true,
              null,
              List.of(),
              BILLING_FAMILY,
              List.of(
                  "I want to dispute a charge from {merchant}, they won't respond",
                  "please open a chargeback for {amount}, the merchant never delivered",
                  "how do I raise a dispute against a merchant",
                  "I need to file a chargeback, {merchant} refused to give my money back",
                  "can you reverse a card payment, the seller disappeared",
                  "I want to challenge this payment to {merchant}, I cancelled before they charged me"),
              List.of(
                  "Dispute a transaction", "Chargeback request", "Disputed payment to {merchant}"),
              List.of(
                  "I contacted {merchant} three times with no answer.",
                  "I have screenshots of the conversation.",
                  "The order number is {order}.")),
          new DemoIntent(
              "billing_double_charge",
              "billing",
              1,
              false,
              null,
              List.of(),
              BILLING_FAMILY,
              List.of(
                  "I was charged twice for the same purchase at {merchant}",
                  "there are two identical payments of {amount}",
                  "double charge on my card for one order",
                  "you took the monthly fee twice this month",
                  "the same transaction appears two times on my statement",
                  "duplicate payment of {amount} to {merchant}, please fix it"),
              List.of("Charged twice", "Duplicate payment", "Double charge from {merchant}"),
              List.of(
                  "Both payments were on {date}.",
                  "Please return the extra {amount}.",
                  "I only bought it once.")),
          new DemoIntent(
              "transaction_question",
              "payments",
              1,
              false,
              null,
              List.of(),
              BILLING_FAMILY,
              List.of(
                  "what is this payment of {amount} to {merchant}?",
                  "I don't understand a transaction on my statement",
                  "can you tell me what {merchant} charged me for",
                  "there's a pending payment of {amount}, what is it",
                  "why is a card payment still pending after {days} days",
                  "can you explain a charge from {merchant} on {date}"),
              List.of("Question about a transaction", "Pending payment", "What is this charge"),
              List.of(
                  "It says {merchant} but the amount looks different.",
                  "The payment was on {date}.",
                  "I might have forgotten a subscription.")),
          new DemoIntent(
              "card_not_working",
              "cards",
              1,
              false,
              null,
              List.of(),
              CARD_FAMILY,
              List.of(
                  "my card keeps getting declined at {merchant}",
                  "card declined even though I have money in the account",
                  "the chip on my card isn't reading at the terminal",
                  "contactless stopped working on my card",
                  "my card doesn't work at cash machines",
                  "payment failed at {merchant}, the card was declined",
                  "the cash machine kept my card and won't give it back"),
              List.of("Card declined", "Card not working", "Problem paying with my card"),
              List.of(
                  "It happened again at {merchant} on {date}.",
                  "My balance is fine.",
                  "I tried two different shops.")),
          new DemoIntent(
              "card_delivery_eta",
              "cards",
              2,
              false,
              "card_delivery_eta_v1",
              List.of(),
              CARD_FAMILY,
              List.of(
                  "when will my new card arrive",
                  "I ordered a card {days} days ago and it hasn't come",
                  "how long does card delivery take",
                  "still waiting on my replacement card",
                  "where is my card? has it been posted",
                  "can you track the delivery of my new card"),
              List.of("New card not arrived", "Card delivery", "When will my card arrive"),
              List.of(
                  "My address is correct in the app.",
                  "I need it before my trip on {date}.",
                  "The app says it was dispatched.")),
          new DemoIntent(
              "transfer_failed",
              "payments",
              1,
              false,
              null,
              List.of(),
              MONEY_FAMILY,
              List.of(
                  "my transfer to {first} failed",
                  "the money I sent {days} days ago hasn't reached the recipient",
                  "my bank transfer of {amount} was returned",
                  "why was my international transfer rejected",
                  "I sent money to my landlord and it bounced back",
                  "my transfer is stuck in processing"),
              List.of("Failed transfer", "Transfer not received", "Payment returned"),
              List.of(
                  "The reference was rent {month}.",
                  "I checked the IBAN twice.",
                  "The recipient banks with another bank.")),
          new DemoIntent(
              "exchange_rate_info",
              "payments",
              2,
              false,
              "exchange_rate_info_v1",
              List.of(),
              MONEY_FAMILY,
              List.of(
                  "what exchange rate do you use",
                  "how much is 100 euros in pounds today",
                  "what's your rate for converting dollars",
                  "do you add a markup on the exchange rate",
                  "which exchange rate applies when I pay abroad"),
              List.of("Exchange rate question", "Currency conversion", "FX rate"),
              List.of("I'm travelling to {city} soon.", "I want to send money abroad.")),
          new DemoIntent(
              "account_update",
              "account",
              1,
              false,
              null,
              List.of(),
              ACCESS_FAMILY,
              List.of(
                  "I need to change my address",
                  "how do I update my phone number",
                  "I got married and need to change my surname",
                  "please update the email on my account to {email}",
                  "change my registered address to my new flat in {city}"),
              List.of("Update my details", "Change of address", "New phone number"),
              List.of("I moved on {date}.", "The old details are no longer valid.")),
          new DemoIntent(
              "login_problem",
              "tech",
              1,
              false,
              null,
              List.of(),
              ACCESS_FAMILY,
              List.of(
                  "I can't log in to the app",
                  "the app says my login details are wrong",
                  "I keep getting an error when signing in",
                  "the verification code never arrives so I can't log in",
                  "my login is locked after too many attempts",
                  "face id login stopped working"),
              List.of("Can't log in", "Login problem", "Sign in not working"),
              List.of("I am using my {device}.", "It worked fine until {date}.")),
          new DemoIntent(
              "password_reset",
              "tech",
              2,
              false,
              "password_reset_v1",
              List.of(),
              ACCESS_FAMILY,
              List.of(
                  "I forgot my password",
                  "how do I reset my password",
                  "I need to set a new password",
                  "the reset password email expired, please send another",
                  "I can't remember my password"),
              List.of("Password reset", "Forgot password", "Reset my password"),
              List.of("I am using my {device}.", "My email is still the same.")),
          new DemoIntent(
              "app_bug",
              "tech",
              1,
              false,
              null,
              List.of(),
              ACCESS_FAMILY,
              List.of(
                  "the app crashes every time I open it",
                  "the app keeps freezing on the payments screen",
                  "after the update to version {version} the app won't load",
                  "the balance screen shows a blank page",
                  "the app shows error 500 on my {device}",
                  "buttons don't respond in the app"),
              List.of("App crashing", "Bug in the app", "App not loading"),
              List.of("I am on my {device}.", "Reinstalling did not help.")),
          new DemoIntent(
              "subscription_cancel",
              "account",
              1,
              false,
              null,
              List.of(),
              ACCOUNT_FAMILY,
              List.of(
                  "I want to close my account",
                  "please cancel my premium plan",
                  "how do I cancel my subscription",
                  "stop my membership from renewing next month",
                  "I'd like to downgrade to the free plan and stop paying {amount}",
                  "cancel my account, I'm moving to another bank"),
              List.of("Cancel subscription", "Close my account", "Cancel premium"),
              List.of("Please confirm by email.", "I don't use it any more.")),
          new DemoIntent(
              "statement_download",
              "account",
              2,
              false,
              "statement_download_v1",
              List.of(),
              ACCOUNT_FAMILY,
              List.of(
                  "how do I download my statement",
                  "I need a bank statement for my mortgage application",
                  "where can I get a PDF statement for {month}",
                  "can you send me last month's statement",
                  "how do I export my transactions"),
              List.of("Bank statement", "Statement download", "Need a statement"),
              List.of("It's for my accountant.", "The last three months would be enough.")),
          new DemoIntent(
              "fee_schedule",
              "billing",
              2,
              false,
              "fee_schedule_v1",
              List.of(),
              ACCOUNT_FAMILY,
              List.of(
                  "what are your fees for international payments",
                  "how much does it cost to withdraw cash abroad",
                  "is there a monthly fee for the premium plan",
                  "what fees apply to ATM withdrawals",
                  "where is the list of charges for your accounts"),
              List.of("Fees", "Question about charges", "Price list"),
              List.of("I'm comparing banks.", "I travel a lot for work.")));

  /** Relative volume: common intents first; tier 0 rare but present. */
  static final Map<String, Integer> VOLUME =
      Map.ofEntries(
          Map.entry("fraud_report", 4),
          Map.entry("account_takeover", 3),
          Map.entry("card_stolen", 4),
          Map.entry("refund_request", 8),
          Map.entry("refund_status", 7),
          Map.entry("chargeback_dispute", 4),
          Map.entry("billing_double_charge", 5),
          Map.entry("transaction_question", 8),
          Map.entry("card_not_working", 7),
          Map.entry("card_delivery_eta", 9),
          Map.entry("transfer_failed", 6),
          Map.entry("exchange_rate_info", 4),
          Map.entry("account_update", 4),
          Map.entry("login_problem", 6),
          Map.entry("password_reset", 6),
          Map.entry("app_bug", 4),
          Map.entry("subscription_cancel", 4),
          Map.entry("statement_download", 5),
          Map.entry("fee_schedule", 4));

  /** Wordings too vague to tell the intents of one family apart: the natural ambiguity. */
  static final Map<String, List<String>> VAGUE_BY_FAMILY =
      Map.of(
          BILLING_FAMILY,
          List.of(
              "I have a question about a payment to {merchant}",
              "something is wrong with a charge of {amount}",
              "can someone look at my last payment please",
              "the amount from {merchant} is not right"),
          CARD_FAMILY,
          List.of(
              "I have a problem with my card",
              "my card situation is a mess, please help",
              "question about my card"),
          ACCESS_FAMILY,
          List.of(
              "I have a problem with the app",
              "something is wrong with my login details",
              "I need help getting into my profile"),
          MONEY_FAMILY,
          List.of(
              "question about sending money abroad",
              "I need help with a payment in euros",
              "the amount in {currency} looks wrong"),
          ACCOUNT_FAMILY,
          List.of(
              "I have a question about my account",
              "a question about my plan",
              "what do I need to do about my account"));
}
