package com.evalops.worker.temporal;

import com.evalops.stores.storage.SecretKeys;
import com.evalops.worker.auth.RefusalLog;
import com.evalops.worker.config.EvalopsProperties;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's data converter: Temporal's JSON, with every payload signed by {@link
 * PayloadSignatures}. The client, the workers and the schedules all use it, so everything the
 * engine writes is signed and everything else is refused.
 */
@Configuration(proxyBeanMethods = false)
public class PayloadSigningSetup {
  private static final Logger log = LoggerFactory.getLogger(PayloadSigningSetup.class);

  /** The property that lists the keys, as errors name it. */
  static final String PAYLOAD_KEYS = "evalops.temporal.payload-keys";

  @Bean
  PayloadSignatures payloadSignatures(EvalopsProperties props, RefusalLog refusals) {
    List<SecretKeys.Key> keys = SecretKeys.parse(PAYLOAD_KEYS, props.temporal().payloadKeys());
    if (keys.isEmpty()) {
      keys =
          List.of(
              SecretKeys.readOrCreate(
                  props.dataDir().resolve("temporal-payload-key"),
                  "signs what this engine writes to Temporal; keep it secret"));
      log.info(
          "Temporal payloads: signed with key {} kept in {} (one engine; engines that share a"
              + " cluster need {} set alike)",
          keys.get(0).id(),
          props.dataDir().resolve("temporal-payload-key"),
          PAYLOAD_KEYS);
    } else {
      log.info(
          "Temporal payloads: signed with key {}; accepted: {}",
          keys.get(0).id(),
          keys.stream().map(SecretKeys.Key::id).toList());
    }
    return new PayloadSignatures(
        keys, reason -> refusals.record(403, "", "temporal", "write to a workflow", "", reason));
  }

  /** The name the Temporal Spring Boot starter looks for. */
  @Bean
  DataConverter mainDataConverter(PayloadSignatures signatures) {
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(signatures));
  }
}
