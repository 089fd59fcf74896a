package com.evalops.stores.storage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * The JSON mapper for stored records. Instants are ISO-8601 strings; the java.time module is not on
 * the class path, so two small adapters do it. Unknown fields are ignored so that records can gain
 * fields without breaking readers of older code.
 */
public final class StorageJson {
  private StorageJson() {}

  /** Compact output: one record per line in JSON Lines files. */
  public static ObjectMapper compact() {
    return new ObjectMapper()
        .registerModule(instants())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  /** Indented output for documents people open (manifests, configs). */
  public static ObjectMapper indented() {
    return compact().enable(SerializationFeature.INDENT_OUTPUT);
  }

  private static SimpleModule instants() {
    return new SimpleModule("instants")
        .addSerializer(Instant.class, ToStringSerializer.instance)
        .addDeserializer(
            Instant.class,
            new StdDeserializer<>(Instant.class) {
              @Override
              public Instant deserialize(JsonParser parser, DeserializationContext context)
                  throws IOException {
                return Instant.parse(parser.getValueAsString());
              }
            });
  }
}
