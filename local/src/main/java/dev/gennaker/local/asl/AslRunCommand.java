package dev.gennaker.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.engine.EngineConfig;
import dev.gennaker.statemachines.engine.LocalStepFunctions;
import dev.gennaker.statemachines.engine.ScriptedTask;
import dev.gennaker.statemachines.engine.SfnException;
import dev.gennaker.statemachines.engine.TaskFunction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gennaker asl run}: runs one execution in memory and prints its output as one line of JSON
 * (exit 0), or {@code {"error":...,"cause":...}} (exit 1). Usage errors exit 2.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run one execution of a state machine on the local engine.",
    footer = {
      "",
      "A --task FILE holds a JSON array of outcomes consumed in order, the last one repeating:",
      "  [{\"error\": \"Busy\", \"cause\": \"try later\"}, {\"result\": {\"id\": 7}}]"
    })
public final class AslRunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DEFINITION", description = "The definition (*.asl.json).")
  Path definition;

  @ArgGroup(exclusive = true)
  InputSource input;

  static final class InputSource {
    @Option(
        names = "--input",
        paramLabel = "JSON",
        description = "The execution input (default {}).")
    String json;

    @Option(
        names = "--input-file",
        paramLabel = "FILE",
        description = "Read the execution input from FILE.")
    Path file;
  }

  @Option(
      names = "--task",
      paramLabel = "STATE=FILE",
      description = "Make the Task state STATE answer from the outcomes in FILE (repeatable).")
  Map<String, Path> tasks = new LinkedHashMap<>();

  @Option(
      names = "--substitute",
      paramLabel = "NAME=VALUE",
      description =
          "Replace ${NAME} in the definition with VALUE before it is read (repeatable), as a"
              + " deployment template would.")
  Map<String, String> substitutions = new LinkedHashMap<>();

  @Option(names = "--skip-waits", description = "Complete Wait states and Retry intervals at once.")
  boolean skipWaits;

  @Option(
      names = "--history",
      description = "Print the execution's event history instead of its output.")
  boolean history;

  static String readFile(CommandLine.Model.CommandSpec spec, Path file, String what) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  /** Replaces each {@code ${NAME}} with its value; unknown names are left for validation. */
  static String substitute(String text, Map<String, String> values) {
    String out = text;
    for (Map.Entry<String, String> v : values.entrySet()) {
      out = out.replace("${" + v.getKey() + "}", v.getValue());
    }
    return out;
  }

  private JsonNode json(String text, String what) {
    try {
      return Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), what + " is not JSON: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    String def = substitute(readFile(spec, definition, "DEFINITION"), substitutions);
    String in = "{}";
    if (input != null && input.json != null) {
      in = Json.write(json(input.json, "--input"));
    } else if (input != null && input.file != null) {
      in =
          Json.write(
              json(readFile(spec, input.file, "--input-file"), "--input-file " + input.file));
    }
    Map<String, TaskFunction> overrides = new HashMap<>();
    for (Map.Entry<String, Path> t : tasks.entrySet()) {
      JsonNode script = json(readFile(spec, t.getValue(), "--task"), "--task " + t.getKey());
      try {
        overrides.put(t.getKey(), ScriptedTask.of(script));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--task " + t.getKey() + "=" + t.getValue() + ": " + e.getMessage());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    EngineConfig cfg =
        EngineConfig.inMemory().withSkipWaits(skipWaits).withStateOverrides(overrides);
    try (LocalStepFunctions sfn = new LocalStepFunctions(cfg)) {
      String name = definition.getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "-");
      if (name.length() > 80) {
        name = name.substring(0, 80);
      }
      var sm = sfn.createStateMachine(name, def, null, null);
      var ex = sfn.startExecution(sm.arn(), "cli", in);
      var done = sfn.awaitExecution(ex.arn(), Duration.ofDays(365));
      if (history) {
        ArrayNode events = Json.F.arrayNode();
        sfn.history(ex.arn()).forEach(events::add);
        out.println(Json.write(events));
      } else if (done.status().equals("SUCCEEDED")) {
        out.println(done.output());
      } else {
        ObjectNode err = Json.object();
        err.put("error", done.error());
        err.put("cause", done.cause());
        out.println(Json.write(err));
      }
      out.flush();
      return done.status().equals("SUCCEEDED") ? 0 : 1;
    } catch (SfnException e) {
      String cause = e.getMessage();
      ObjectNode err = Json.object().put("error", e.type()).put("cause", cause);
      out.println(Json.write(err));
      out.flush();
      return 1;
    }
  }
}
