package com.evalops.activities.notify;

import com.evalops.workflows.notify.Notification;
import com.evalops.workflows.notify.NotifierActivities;
import java.util.logging.Logger;

/** The notifier until Slack is connected: one log line per notice. */
public final class LoggingNotifierActivities implements NotifierActivities {
  private static final Logger LOG = Logger.getLogger(LoggingNotifierActivities.class.getName());

  @Override
  public void notify(Notification n) {
    LOG.info(
        () ->
            "["
                + n.kind()
                + " → "
                + n.audience()
                + "] "
                + n.title()
                + (n.text().isEmpty() ? "" : " — " + n.text()));
  }
}
