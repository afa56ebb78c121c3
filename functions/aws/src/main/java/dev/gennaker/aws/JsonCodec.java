package dev.gennaker.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * How the adapters turn core's records into JSON and back (DynamoDB {@code doc} attributes, SQS
 * message bodies): ISO-8601 instants, Optionals as value-or-null, unknown fields ignored so that a
 * newer writer does not break an older reader.
 */
public final class JsonCodec {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .registerModule(new Jdk8Module())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private JsonCodec() {}

  public static String write(Object record) {
    try {
      return JSON.writeValueAsString(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + record.getClass().getSimpleName(), e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      // The message names the type only: the JSON may hold tenant data.
      throw new IllegalStateException("cannot decode " + type.getSimpleName(), e);
    }
  }
}
