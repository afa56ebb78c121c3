package dev.gennaker.local.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The CLI's commands that talk to the hosted API (or to {@code gennaker local}). */
public final class ClientCommands {
  private ClientCommands() {}

  /** How a command prints: for people, or one JSON document (or JSON lines) for scripts. */
  public enum Output {
    text,
    json
  }

  /** Where to, who, and how to print. */
  public static final class Connection {
    @Option(names = "--api", description = "the API's URL (default: $GENNAKER_API)")
    String api;

    @Option(names = "--token", description = "an API key (default: $GENNAKER_TOKEN)")
    String token;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "${COMPLETION-CANDIDATES}: for people, or JSON for scripts")
    Output output;

    ApiClient client() {
      return ApiClient.from(Optional.ofNullable(api), Optional.ofNullable(token));
    }

    boolean json() {
      return output == Output.json;
    }
  }

  /** Runs a command body, turning API errors into one line and exit code 1 (2 for usage). */
  abstract static class Base implements Callable<Integer> {
    @Mixin Connection connection;
    @Spec CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public final Integer call() {
      try {
        return run(connection.client());
      } catch (ApiClient.ApiException e) {
        if (connection.json()) {
          spec.commandLine().getErr().println(e.problem().toString());
        } else {
          spec.commandLine().getErr().println("gennaker: " + e.getMessage());
        }
        return e.status() == 0 ? 2 : 1;
      } finally {
        out().flush();
      }
    }

    abstract int run(ApiClient api);

    void print(JsonNode node) {
      out().println(node.toPrettyString());
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Starts a pipeline (APPLICATION/PIPELINE) and, with --watch, follows it.")
  public static final class Run extends Base {
    @Parameters(paramLabel = "APPLICATION/PIPELINE")
    String pipeline;

    @Option(
        names = {"-p", "--param"},
        description = "a parameter, name=value")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--source", description = "what bake stages read: owner/name[@commit]")
    String source;

    @Option(names = "--watch", description = "follow it to its end; exit 0 when it succeeds")
    boolean watch;

    @Override
    int run(ApiClient api) {
      String[] parts = pipeline.split("/", 2);
      if (parts.length != 2) {
        throw new ApiClient.ApiException(0, "name the pipeline as APPLICATION/PIPELINE");
      }
      ObjectNode body = ApiClient.JSON.createObjectNode();
      body.put("application", parts[0]).put("pipeline", parts[1]);
      ObjectNode p = body.putObject("parameters");
      parameters.forEach(p::put);
      if (source != null) {
        String[] s = source.split("@", 2);
        body.putObject("source")
            .put("repository", s[0])
            .put("commit", s.length > 1 ? s[1] : "HEAD");
      }
      JsonNode started = api.post("v1/executions", body);
      String id = started.get("executionId").asText();
      if (!watch) {
        if (connection.json()) {
          print(started);
        } else {
          out().println(id);
        }
        return 0;
      }
      if (connection.json()) {
        ObjectNode line = ApiClient.JSON.createObjectNode().put("event", "started");
        line.setAll((ObjectNode) started);
        out().println(line);
      } else {
        out().println("started " + id);
      }
      return Watch.follow(api, id, out(), connection.json());
    }
  }

  /**
   * Follows an execution: one line per stage change, the approval command when it waits. With
   * {@code json}, one JSON object per line (stage events, then the final execution document).
   */
  static final class Watch {
    static int follow(ApiClient api, String id, PrintWriter out, boolean json) {
      Map<String, String> seen = new HashMap<>();
      Instant start = Instant.now();
      while (true) {
        JsonNode e = api.get("v1/executions/" + id);
        for (JsonNode s : e.get("stages")) {
          String stage = s.get("id").asText();
          String status = s.get("status").asText();
          if (!status.equals(seen.put(stage, status)) && !status.equals("NOT_STARTED")) {
            long secs = Duration.between(start, Instant.now()).toSeconds();
            if (json) {
              ObjectNode line =
                  ApiClient.JSON
                      .createObjectNode()
                      .put("event", "stage")
                      .put("executionId", id)
                      .put("stage", stage)
                      .put("type", s.get("type").asText())
                      .put("status", status)
                      .put("elapsedSeconds", secs);
              if (s.has("error")) {
                line.put("error", s.get("error").asText());
              }
              out.println(line);
              out.flush();
              continue;
            }
            out.printf(
                "%4ds  %-14s %s%s%n",
                secs,
                stage,
                status.toLowerCase(),
                s.has("error") ? ": " + s.get("error").asText() : "");
            if (s.get("type").asText().equals("approval") && status.equals("RUNNING")) {
              out.println("       waiting for approval: ./gennaker approvals approve " + id);
            }
            out.flush();
          }
        }
        String status = e.get("status").asText();
        if (status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELED")) {
          if (json) {
            ObjectNode line = ApiClient.JSON.createObjectNode().put("event", "finished");
            line.setAll((ObjectNode) e);
            out.println(line);
          } else {
            out.println(id + " " + status.toLowerCase());
          }
          return status.equals("SUCCEEDED") ? 0 : 1;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException ex) {
          return 130;
        }
      }
    }
  }

  @Command(
      name = "executions",
      mixinStandardHelpOptions = true,
      description = "Lists, shows, follows or cancels executions.",
      subcommands = {
        ExecutionsList.class,
        ExecutionsGet.class,
        ExecutionsWatch.class,
        ExecutionsCancel.class
      })
  public static final class Executions {}

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Newest first.")
  static final class ExecutionsList extends Base {
    @Option(names = "--pipeline", description = "APPLICATION/PIPELINE")
    String pipeline;

    @Option(names = "--status", description = "e.g. running,failed")
    String status;

    @Override
    int run(ApiClient api) {
      StringBuilder q = new StringBuilder("v1/executions?limit=50");
      if (pipeline != null) {
        q.append("&pipeline=").append(pipeline);
      }
      if (status != null) {
        q.append("&status=").append(status);
      }
      JsonNode page = api.get(q.toString());
      if (connection.json()) {
        print(page);
        return 0;
      }
      for (JsonNode e : page.get("items")) {
        out()
            .printf(
                "%-40s %-24s %-10s %s%n",
                e.get("executionId").asText(),
                e.get("application").asText() + "/" + e.get("pipeline").asText(),
                e.get("status").asText().toLowerCase(),
                e.get("createdAt").asText());
      }
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Stages and timeline.")
  static final class ExecutionsGet extends Base {
    @Parameters(paramLabel = "EXECUTION")
    String id;

    @Override
    int run(ApiClient api) {
      JsonNode e = api.get("v1/executions/" + id);
      if (connection.json()) {
        print(e);
        return 0;
      }
      out().println(id + "  " + e.get("status").asText().toLowerCase());
      for (JsonNode s : e.get("stages")) {
        out()
            .printf(
                "  %-14s %-10s %s%n",
                s.get("id").asText(),
                s.get("status").asText().toLowerCase(),
                s.path("error").asText(""));
      }
      for (JsonNode t : e.get("timeline")) {
        out().println("  " + t.get("at").asText() + "  " + t.get("message").asText());
      }
      return 0;
    }
  }

  @Command(name = "watch", mixinStandardHelpOptions = true, description = "Follow to its end.")
  static final class ExecutionsWatch extends Base {
    @Parameters(paramLabel = "EXECUTION")
    String id;

    @Override
    int run(ApiClient api) {
      return Watch.follow(api, id, out(), connection.json());
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel it.")
  static final class ExecutionsCancel extends Base {
    @Parameters(paramLabel = "EXECUTION")
    String id;

    @Option(names = "--force", description = "for a stuck execution")
    boolean force;

    @Override
    int run(ApiClient api) {
      JsonNode e =
          api.post(
              "v1/executions/" + id + "/cancel" + (force ? "?force=true" : ""),
              ApiClient.JSON.createObjectNode());
      if (connection.json()) {
        print(e);
        return 0;
      }
      out().println(id + " " + e.get("status").asText().toLowerCase());
      return 0;
    }
  }

  @Command(
      name = "approvals",
      mixinStandardHelpOptions = true,
      description = "Pending approvals, and deciding them.",
      subcommands = {ApprovalsList.class, Approve.class, Reject.class})
  public static final class Approvals {}

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Those you may decide.")
  static final class ApprovalsList extends Base {
    @Option(names = "--all", description = "every pending approval of the tenant")
    boolean all;

    @Override
    int run(ApiClient api) {
      JsonNode page = api.get("v1/approvals?for=" + (all ? "tenant" : "me"));
      if (connection.json()) {
        print(page);
        return 0;
      }
      for (JsonNode a : page.get("items")) {
        out()
            .printf(
                "%-40s %-12s requested %s%n",
                a.get("executionId").asText(),
                a.get("approvalId").asText(),
                a.get("requestedAt").asText());
      }
      return 0;
    }
  }

  abstract static class Decide extends Base {
    @Parameters(
        paramLabel = "EXECUTION",
        arity = "0..1",
        description = "default: every one you may decide")
    String execution;

    @Option(
        names = {"-m", "--comment"},
        defaultValue = "")
    String comment;

    abstract String decision();

    @Override
    int run(ApiClient api) {
      int decided = 0;
      com.fasterxml.jackson.databind.node.ArrayNode results = ApiClient.JSON.createArrayNode();
      for (JsonNode a : api.get("v1/approvals?for=me").get("items")) {
        String ex = a.get("executionId").asText();
        if (execution != null && !execution.equals(ex)) {
          continue;
        }
        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.put("decision", decision()).put("comment", comment);
        JsonNode answer =
            api.post("v1/executions/" + ex + "/approvals/" + a.get("approvalId").asText(), body);
        decided++;
        if (connection.json()) {
          results.add(answer);
          continue;
        }
        out()
            .println(
                (decision().equals("approve") ? "approved " : "rejected ")
                    + ex
                    + " ("
                    + a.get("stageId").asText()
                    + ")");
      }
      if (decided == 0) {
        String message =
            "nothing to "
                + decision()
                + (execution == null ? "" : " for " + execution)
                + ": no pending approval you may decide";
        if (connection.json()) {
          spec.commandLine()
              .getErr()
              .println(
                  ApiClient.JSON
                      .createObjectNode()
                      .put("title", "Nothing to decide")
                      .put("status", 404)
                      .put("detail", message));
        } else {
          spec.commandLine().getErr().println("gennaker: " + message);
        }
        return 1;
      }
      if (connection.json()) {
        print(results);
      }
      return 0;
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve.")
  static final class Approve extends Decide {
    @Override
    String decision() {
      return "approve";
    }
  }

  @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject.")
  static final class Reject extends Decide {
    @Override
    String decision() {
      return "reject";
    }
  }

  @Command(
      name = "pipelines",
      mixinStandardHelpOptions = true,
      description = "Apply, list and show pipelines.",
      subcommands = {PipelinesApply.class, PipelinesList.class, PipelinesGet.class})
  public static final class Pipelines {}

  @Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply a pipeline file.")
  static final class PipelinesApply extends Base {
    @Option(
        names = {"-f", "--file"},
        required = true)
    Path file;

    @Override
    int run(ApiClient api) {
      byte[] yaml;
      try {
        yaml = Files.readAllBytes(file);
      } catch (java.io.IOException e) {
        throw new ApiClient.ApiException(0, file + ": cannot read it");
      }
      JsonNode v = api.send("POST", "v1/pipelines", "application/yaml", yaml);
      if (connection.json()) {
        print(v);
        return 0;
      }
      out()
          .println(
              v.get("application").asText()
                  + "/"
                  + v.get("pipeline").asText()
                  + " version "
                  + v.get("version").asText()
                  + (v.path("changed").asBoolean(true) ? "" : " (unchanged)"));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Latest of each.")
  static final class PipelinesList extends Base {
    @Override
    int run(ApiClient api) {
      JsonNode page = api.get("v1/pipelines");
      if (connection.json()) {
        print(page);
        return 0;
      }
      for (JsonNode v : page.get("items")) {
        out()
            .printf(
                "%-32s v%-4s %s%n",
                v.get("application").asText() + "/" + v.get("pipeline").asText(),
                v.get("version").asText(),
                v.get("author").asText());
      }
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "The latest file.")
  static final class PipelinesGet extends Base {
    @Parameters(paramLabel = "APPLICATION/PIPELINE")
    String pipeline;

    @Override
    int run(ApiClient api) {
      JsonNode v = api.get("v1/pipelines/" + pipeline);
      if (connection.json()) {
        print(v);
      } else {
        out().print(v.get("yaml").asText());
      }
      return 0;
    }
  }

  @Command(
      name = "clusters",
      mixinStandardHelpOptions = true,
      description = "Register clusters, hand out agent registration tokens, see agents' health.",
      subcommands = {ClustersAdd.class, ClustersToken.class, ClustersList.class})
  public static final class Clusters {}

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Register a cluster.")
  static final class ClustersAdd extends Base {
    @Parameters(paramLabel = "CLUSTER_ID", description = "stable id pipelines use")
    String id;

    @Option(names = "--name", description = "display name (default: the id)")
    String name;

    @Override
    int run(ApiClient api) {
      ObjectNode body = ApiClient.JSON.createObjectNode().put("clusterId", id);
      if (name != null) {
        body.put("displayName", name);
      }
      JsonNode c = api.post("v1/clusters", body);
      if (connection.json()) {
        print(c);
        return 0;
      }
      out().println("cluster " + c.get("clusterId").asText() + " registered");
      out().println("next: ./gennaker clusters token " + id + " --namespace <ns> > agent.yaml");
      return 0;
    }
  }

  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = "A one-time agent registration token; prints the agent's install manifest.")
  static final class ClustersToken extends Base {
    @Parameters(paramLabel = "CLUSTER_ID")
    String id;

    @Option(
        names = {"-n", "--namespace"},
        required = true,
        description = "a namespace the agent may deploy to (repeat for more)")
    java.util.List<String> namespaces;

    @Override
    int run(ApiClient api) {
      ObjectNode body = ApiClient.JSON.createObjectNode();
      namespaces.forEach(body.putArray("namespaces")::add);
      JsonNode t = api.post("v1/clusters/" + id + "/tokens", body);
      if (connection.json()) {
        print(t);
      } else {
        out().print(t.get("installManifest").asText());
        spec.commandLine()
            .getErr()
            .println(
                "gennaker: the manifest above holds a one-time token valid until "
                    + t.get("expiresAt").asText()
                    + "; apply it with kubectl apply -f");
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Clusters and agents.")
  static final class ClustersList extends Base {
    @Override
    int run(ApiClient api) {
      JsonNode page = api.get("v1/clusters");
      if (connection.json()) {
        print(page);
        return 0;
      }
      for (JsonNode c : page.get("items")) {
        out().println(c.get("clusterId").asText() + "  (" + c.get("displayName").asText() + ")");
        if (c.get("agents").isEmpty()) {
          out().println("    no agent yet");
        }
        for (JsonNode a : c.get("agents")) {
          out()
              .printf(
                  "    %-24s %-10s version %-8s last heartbeat %s%n",
                  a.get("agentId").asText(),
                  a.get("health").asText().toLowerCase(),
                  a.path("agentVersion").asText("?"),
                  a.path("lastHeartbeat").asText("never"));
        }
      }
      return 0;
    }
  }

  @Command(
      name = "tenants",
      mixinStandardHelpOptions = true,
      description = "Apply a tenant file (tenants/<id>/tenant.yaml).",
      subcommands = {TenantsApply.class})
  public static final class Tenants {}

  @Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply a tenant file.")
  static final class TenantsApply extends Base {
    @Option(
        names = {"-f", "--file"},
        required = true)
    Path file;

    @Option(
        names = "--prune",
        description = "remove members and clusters the file does not declare")
    boolean prune;

    @Override
    int run(ApiClient api) {
      byte[] yaml;
      try {
        yaml = Files.readAllBytes(file);
      } catch (java.io.IOException e) {
        throw new ApiClient.ApiException(0, file + ": cannot read it");
      }
      JsonNode r =
          api.send("PUT", "v1/tenant" + (prune ? "?prune=true" : ""), "application/yaml", yaml);
      if (connection.json()) {
        print(r);
        return 0;
      }
      if (r.get("changes").isEmpty()) {
        out().println("no changes");
      }
      r.get("changes").forEach(c -> out().println(c.asText()));
      r.get("undeclared").forEach(u -> out().println("not in the file: " + u.asText()));
      return 0;
    }
  }

  @Command(
      name = "login",
      mixinStandardHelpOptions = true,
      description = {
        "Checks an API and key, then keeps them for the other commands",
        "(in ~/.config/gennaker/config.json, readable only by you)."
      })
  public static final class Login implements Callable<Integer> {
    @Option(names = "--api", required = true, description = "the API's URL")
    String api;

    @Option(
        names = "--token",
        description = "an API key (default: read from standard input, so it is not in history)")
    String token;

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "${COMPLETION-CANDIDATES}: for people, or JSON for scripts")
    Output output;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      String key = token;
      if (key == null) {
        key = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
      }
      if (key == null || key.isBlank()) {
        spec.commandLine().getErr().println("gennaker: give the API key with --token or on stdin");
        return 2;
      }
      JsonNode tenant;
      try {
        tenant = ApiClient.from(Optional.of(api), Optional.of(key.trim())).get("v1/tenant");
      } catch (ApiClient.ApiException e) {
        spec.commandLine().getErr().println("gennaker: login failed: " + e.getMessage());
        return 1;
      }
      Path file = ApiClient.loginFile();
      Files.createDirectories(file.getParent());
      ObjectNode saved = ApiClient.JSON.createObjectNode().put("api", api).put("token", key.trim());
      Path tmp = file.resolveSibling("config.json.tmp");
      Files.writeString(tmp, saved.toPrettyString() + "\n");
      try {
        Files.setPosixFilePermissions(
            tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      if (output == Output.json) {
        spec.commandLine()
            .getOut()
            .println(
                ApiClient.JSON
                    .createObjectNode()
                    .put("api", api)
                    .put("tenantId", tenant.get("tenantId").asText())
                    .put("configFile", file.toString()));
        spec.commandLine().getOut().flush();
        return 0;
      }
      spec.commandLine()
          .getOut()
          .println(
              "logged in to "
                  + api
                  + " as tenant "
                  + tenant.get("tenantId").asText()
                  + " (saved in "
                  + file
                  + ")");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
