package com.evalops.worker.http;

import com.evalops.worker.config.EvalopsProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The body limit in front of every request, and the servlet container held to the same limit. */
@Configuration(proxyBeanMethods = false)
public class BodyLimitSetup {
  @Bean
  FilterRegistrationBean<BodyLimit> bodyLimit(EvalopsProperties props) {
    FilterRegistrationBean<BodyLimit> registration =
        new FilterRegistrationBean<>(new BodyLimit(props.api().maxBodySize().toBytes()));
    registration.addUrlPatterns("/*");
    // First, before anything reads the body or spends work on a request it will refuse.
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  TomcatBodyLimit tomcatBodyLimit(EvalopsProperties props) {
    return new TomcatBodyLimit((int) props.api().maxBodySize().toBytes());
  }

  /**
   * Tomcat parses form posts (console, Slack) itself, past any filter's stream: its own limit is
   * set to the same size. Ordered last, after Boot's {@code server.tomcat.*} settings, whose form
   * limit would otherwise win.
   */
  record TomcatBodyLimit(int maxBytes)
      implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {
    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
      factory.addConnectorCustomizers(connector -> connector.setMaxPostSize(maxBytes));
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }
}
