package com.evalops.worker.web;

import com.evalops.worker.auth.RefusalLog;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The console's guard, in front of every {@code /console/} request. */
@Configuration(proxyBeanMethods = false)
public class ConsoleSetup {
  @Bean
  FilterRegistrationBean<ConsoleFilter> consoleFilter(RefusalLog refusals) {
    FilterRegistrationBean<ConsoleFilter> registration =
        new FilterRegistrationBean<>(new ConsoleFilter(refusals));
    registration.addUrlPatterns("/console", "/console/*");
    return registration;
  }
}
