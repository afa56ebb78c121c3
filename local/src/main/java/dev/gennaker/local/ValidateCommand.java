package dev.gennaker.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.core.pipeline.Pipeline;
import dev.gennaker.core.pipeline.PipelineReader;
import dev.gennaker.core.pipeline.ValidationResult;
import dev.gennaker.core.yaml.Diagnostic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gennaker validate FILE...}: checks pipeline files, compiler style. */
@Command(
    name = "validate",
    description = {
      "Check pipeline files and list every problem, compiler style.",
      "A directory stands for the *.yml and *.yaml files in it.",
      "Exit status: 0 all valid, 1 problems found, 2 usage error (e.g. a missing file)."
    },
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int INVALID = 1;
  static final int USAGE = 2;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Pipeline files or directories.")
  List<Path> files;

  @Option(
      names = {"-o", "--output"},
      description = "text (default) or json",
      defaultValue = "text")
  String output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!output.equals("text") && !output.equals("json")) {
      err.println("gennaker validate: --output must be text or json, not \"" + output + "\"");
      return USAGE;
    }
    List<Path> inputs = new ArrayList<>();
    for (Path file : files) {
      if (Files.isDirectory(file)) {
        try (Stream<Path> list = Files.list(file)) {
          list.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
              .sorted()
              .forEach(inputs::add);
        } catch (IOException e) {
          err.println("gennaker validate: cannot list " + file + ": " + e.getMessage());
          return USAGE;
        }
      } else if (!Files.isRegularFile(file)) {
        err.println("gennaker validate: " + file + ": no such file");
        return USAGE;
      } else {
        inputs.add(file);
      }
    }
    if (inputs.isEmpty()) {
      err.println("gennaker validate: no pipeline files (*.yml, *.yaml) in " + files);
      return USAGE;
    }
    // Loading and initialising CEL is the largest part of a cold start: do it on the other core
    // while the files are read and parsed.
    Thread warmUp =
        new Thread(
            () ->
                dev.gennaker.core.pipeline.expr.ExpressionEngine.forParameters(List.of())
                    .check("1 == 1"),
            "cel-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
    PipelineReader reader = new PipelineReader();
    int invalidFiles = 0;
    int errors = 0;
    ArrayNode json = new ObjectMapper().createArrayNode();
    for (Path file : inputs) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (MalformedInputException e) {
        err.println(file + ":1:1: error: the file is not UTF-8 text");
        invalidFiles++;
        errors++;
        continue;
      } catch (NoSuchFileException e) {
        err.println("gennaker validate: " + file + ": no such file");
        return USAGE;
      } catch (IOException e) {
        err.println("gennaker validate: cannot read " + file + ": " + e.getMessage());
        return USAGE;
      }
      ValidationResult result = reader.read(text);
      String name = file.toString();
      if (output.equals("json")) {
        json.add(toJson(name, result));
      }
      if (result.valid()) {
        if (output.equals("text")) {
          out.println(name + ": ok: " + summary(result.get()));
        }
      } else {
        invalidFiles++;
        errors += result.diagnostics().size();
        if (output.equals("text")) {
          result.format(name).forEach(err::println);
        }
      }
    }
    if (output.equals("json")) {
      out.println(json.toPrettyString());
    } else if (invalidFiles > 0) {
      err.println(
          errors
              + (errors == 1 ? " error" : " errors")
              + " in "
              + invalidFiles
              + (invalidFiles == 1 ? " file" : " files"));
    }
    out.flush();
    err.flush();
    return invalidFiles == 0 ? OK : INVALID;
  }

  static String summary(Pipeline p) {
    return "pipeline \""
        + p.name()
        + "\" of application \""
        + p.metadata().application()
        + "\", "
        + count(p.stages().size(), "stage")
        + ", "
        + count(p.triggers().size(), "trigger");
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static ObjectNode toJson(String file, ValidationResult result) {
    ObjectNode node = new ObjectMapper().createObjectNode();
    node.put("file", file);
    node.put("valid", result.valid());
    result.pipeline().ifPresent(p -> node.put("pipeline", p.name()));
    ArrayNode errors = node.putArray("errors");
    for (Diagnostic d : result.diagnostics()) {
      errors
          .addObject()
          .put("line", d.position().line())
          .put("column", d.position().column())
          .put("path", d.path())
          .put("message", d.message());
    }
    return node;
  }
}
