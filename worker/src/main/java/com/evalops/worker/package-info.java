/** The worker application: wiring, configuration, REST API, Slack endpoint, embedded server. */
package com.evalops.worker;
