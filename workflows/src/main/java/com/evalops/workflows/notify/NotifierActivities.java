package com.evalops.workflows.notify;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Where notices go: a log until Slack is connected. */
@ActivityInterface
public interface NotifierActivities {
  @ActivityMethod(name = "Notify")
  void notify(Notification notification);
}
