package dev.gennaker.statemachines.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.asl.Problem;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import dev.gennaker.statemachines.engine.LocalStepFunctions.ExecutionInfo;
import dev.gennaker.statemachines.engine.LocalStepFunctions.StateMachineInfo;
import dev.gennaker.statemachines.engine.SfnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the Step Functions API. Every request is a POST of a JSON document; the operation is in
 * {@code X-Amz-Target}; errors are HTTP 400 with {@code {"__type": name, "message": text}}.
 * Timestamps are epoch seconds, as the protocol encodes them. Paging tokens are opaque offsets.
 */
public final class StepFunctionsServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StepFunctionsServer.class.getName());
  private static final String PREFIX = "AWSStepFunctions.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

  private final LocalStepFunctions sfn;
  private final HttpServer server;
  private final ExecutorService executor;

  private StepFunctionsServer(LocalStepFunctions sfn, HttpServer server, ExecutorService executor) {
    this.sfn = sfn;
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving on the address (port 0 picks a free port). */
  public static StepFunctionsServer start(LocalStepFunctions sfn, InetSocketAddress address)
      throws IOException {
    HttpServer http = HttpServer.create(address, 64);
    ExecutorService ex =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "sfn-http");
              t.setDaemon(true);
              return t;
            });
    StepFunctionsServer s = new StepFunctionsServer(sfn, http, ex);
    http.createContext("/", s::handle);
    http.setExecutor(ex);
    http.start();
    return s;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The endpoint to give to an SDK client's endpoint override. */
  public URI endpoint() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      int status = 200;
      JsonNode response;
      try {
        if (!x.getRequestMethod().equals("POST")) {
          throw new SfnException("UnknownOperationException", "Only POST is supported");
        }
        String target = x.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(PREFIX)) {
          throw new SfnException(
              "UnknownOperationException", "Missing or unknown X-Amz-Target: " + target);
        }
        JsonNode body;
        try (InputStream in = x.getRequestBody()) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          body = text.isBlank() ? Json.object() : Json.parse(text);
        } catch (IllegalArgumentException e) {
          throw new SfnException("SerializationException", e.getMessage());
        }
        response = dispatch(target.substring(PREFIX.length()), body);
      } catch (SfnException e) {
        status = 400;
        response = Json.object().put("__type", e.type()).put("message", e.getMessage());
      } catch (RuntimeException | Error e) {
        // The edge: whatever went wrong, the client gets an answer instead of a closed socket.
        LOG.log(Level.WARNING, "Step Functions API request failed", e);
        status = 500;
        response =
            Json.object()
                .put("__type", "InternalServerError")
                .put("message", String.valueOf(e.getMessage()));
      }
      byte[] bytes = Json.write(response).getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      x.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
      x.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String required(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull() || !v.isTextual()) {
      throw new SfnException(
          "ValidationException",
          "1 validation error detected: Value null at '"
              + field
              + "' failed to satisfy constraint: Member must not be null");
    }
    return v.asText();
  }

  private static String optional(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static double seconds(Instant t) {
    return t.toEpochMilli() / 1000.0;
  }

  JsonNode dispatch(String op, JsonNode b) {
    switch (op) {
      case "CreateStateMachine":
        {
          StateMachineInfo i =
              sfn.createStateMachine(
                  required(b, "name"),
                  required(b, "definition"),
                  optional(b, "roleArn"),
                  optional(b, "type"));
          return Json.object()
              .put("stateMachineArn", i.arn())
              .put("creationDate", seconds(i.creationDate()));
        }
      case "UpdateStateMachine":
        {
          StateMachineInfo i =
              sfn.updateStateMachine(
                  required(b, "stateMachineArn"),
                  optional(b, "definition"),
                  optional(b, "roleArn"));
          return Json.object()
              .put("updateDate", seconds(i.updateDate()))
              .put("revisionId", String.valueOf(i.revision()));
        }
      case "DeleteStateMachine":
        sfn.deleteStateMachine(required(b, "stateMachineArn"));
        return Json.object();
      case "DescribeStateMachine":
        {
          StateMachineInfo i = sfn.describeStateMachine(required(b, "stateMachineArn"));
          ObjectNode o =
              Json.object()
                  .put("stateMachineArn", i.arn())
                  .put("name", i.name())
                  .put("status", "ACTIVE");
          o.put("definition", i.definition())
              .put(
                  "roleArn",
                  i.roleArn() == null ? "arn:aws:iam::" + "123456789012:role/local" : i.roleArn());
          o.put("type", i.type())
              .put("creationDate", seconds(i.creationDate()))
              .put("revisionId", String.valueOf(i.revision()));
          return o;
        }
      case "DescribeStateMachineForExecution":
        {
          StateMachineInfo i = sfn.describeStateMachineForExecution(required(b, "executionArn"));
          ObjectNode o = Json.object().put("stateMachineArn", i.arn()).put("name", i.name());
          o.put("definition", i.definition());
          o.put(
              "roleArn",
              i.roleArn() == null ? "arn:aws:iam::123456789012:role/local" : i.roleArn());
          o.put("updateDate", seconds(i.updateDate()));
          return o;
        }
      case "ListStateMachines":
        return page(
            b,
            sfn.listStateMachines(),
            "stateMachines",
            i ->
                Json.object()
                    .put("stateMachineArn", i.arn())
                    .put("name", i.name())
                    .put("type", i.type())
                    .put("creationDate", seconds(i.creationDate())));
      case "StartExecution":
        {
          ExecutionInfo i =
              sfn.startExecution(
                  required(b, "stateMachineArn"), optional(b, "name"), optional(b, "input"));
          return Json.object()
              .put("executionArn", i.arn())
              .put("startDate", seconds(i.startDate()));
        }
      case "DescribeExecution":
        return describe(sfn.describeExecution(required(b, "executionArn")));
      case "ListExecutions":
        return page(
            b,
            sfn.listExecutions(required(b, "stateMachineArn"), optional(b, "statusFilter")),
            "executions",
            this::summary);
      case "StopExecution":
        {
          ExecutionInfo i =
              sfn.stopExecution(
                  required(b, "executionArn"), optional(b, "error"), optional(b, "cause"));
          return Json.object()
              .put("stopDate", seconds(i.stopDate() == null ? Instant.now() : i.stopDate()));
        }
      case "GetExecutionHistory":
        {
          List<ObjectNode> events = sfn.history(required(b, "executionArn"));
          if (b.path("reverseOrder").asBoolean(false)) {
            events = new java.util.ArrayList<>(events);
            java.util.Collections.reverse(events);
          }
          boolean data = b.path("includeExecutionData").asBoolean(true);
          return page(b, events, "events", e -> data ? e : withoutData(e));
        }
      case "SendTaskSuccess":
        sfn.sendTaskSuccess(required(b, "taskToken"), required(b, "output"));
        return Json.object();
      case "SendTaskFailure":
        sfn.sendTaskFailure(required(b, "taskToken"), optional(b, "error"), optional(b, "cause"));
        return Json.object();
      case "SendTaskHeartbeat":
        sfn.sendTaskHeartbeat(required(b, "taskToken"));
        return Json.object();
      case "ValidateStateMachineDefinition":
        {
          List<Problem> problems = LocalStepFunctions.validate(required(b, "definition"));
          ObjectNode o = Json.object().put("result", problems.isEmpty() ? "OK" : "FAIL");
          ArrayNode d = o.putArray("diagnostics");
          for (Problem p : problems) {
            d.addObject()
                .put("severity", "ERROR")
                .put("code", p.code())
                .put("message", p.message())
                .put("location", p.location());
          }
          o.put("truncated", false);
          return o;
        }
      default:
        throw new SfnException(
            "UnknownOperationException", "The local engine does not implement " + op);
    }
  }

  private static ObjectNode withoutData(ObjectNode e) {
    ObjectNode c = e.deepCopy();
    c.fields()
        .forEachRemaining(
            f -> {
              if (f.getValue() instanceof ObjectNode d) {
                d.remove(List.of("input", "output"));
              }
            });
    return c;
  }

  private ObjectNode summary(ExecutionInfo i) {
    ObjectNode o =
        Json.object().put("executionArn", i.arn()).put("stateMachineArn", i.stateMachineArn());
    o.put("name", i.name()).put("status", i.status()).put("startDate", seconds(i.startDate()));
    if (i.stopDate() != null) {
      o.put("stopDate", seconds(i.stopDate()));
    }
    return o;
  }

  private ObjectNode describe(ExecutionInfo i) {
    ObjectNode o = summary(i);
    o.put("input", i.input());
    o.putObject("inputDetails").put("included", true);
    if (i.output() != null) {
      o.put("output", i.output());
      o.putObject("outputDetails").put("included", true);
    }
    if (i.error() != null) {
      o.put("error", i.error());
    }
    if (i.cause() != null) {
      o.put("cause", i.cause());
    }
    return o;
  }

  private static <T> ObjectNode page(
      JsonNode b, List<T> all, String field, Function<T, ObjectNode> row) {
    int max = b.path("maxResults").asInt(0);
    if (max <= 0) {
      max = field.equals("events") ? 1000 : 100;
    }
    int from = 0;
    String token = optional(b, "nextToken");
    if (token != null) {
      try {
        from =
            Integer.parseInt(
                new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new SfnException("InvalidToken", "Invalid nextToken: " + token);
      }
    }
    ObjectNode o = Json.object();
    ArrayNode rows = o.putArray(field);
    int to = Math.min(all.size(), from + max);
    for (int i = from; i < to; i++) {
      rows.add(row.apply(all.get(i)));
    }
    if (to < all.size()) {
      o.put(
          "nextToken",
          Base64.getUrlEncoder()
              .encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8)));
    }
    return o;
  }
}
