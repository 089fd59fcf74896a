package com.evalops.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The engine: runbook worker, REST API and, on embedded defaults, the Temporal server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EvalopsEngineApplication {
  public static void main(String[] args) {
    SpringApplication.run(EvalopsEngineApplication.class, args);
  }
}
