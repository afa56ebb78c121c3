package dev.gennaker.local.asl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gennaker.statemachines.asl.Definitions;
import dev.gennaker.statemachines.asl.Json;
import dev.gennaker.statemachines.asl.Problem;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gennaker asl validate FILE}: prints {@code {"valid":true}} (exit 0) or {@code
 * {"valid":false,"problems":[{"code","message","location"}...]}} (exit 1) on one line.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Validate a state machine definition.")
public final class AslValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The definition (*.asl.json).")
  Path file;

  @Option(
      names = "--substitute",
      paramLabel = "NAME=VALUE",
      description = "Replace ${NAME} in the definition with VALUE before validating (repeatable).")
  Map<String, String> substitutions = new LinkedHashMap<>();

  @Override
  public Integer call() {
    String text =
        AslRunCommand.substitute(AslRunCommand.readFile(spec, file, "FILE"), substitutions);
    List<Problem> problems = Definitions.validate(text);
    ObjectNode out = Json.object().put("valid", problems.isEmpty());
    if (!problems.isEmpty()) {
      ArrayNode a = out.putArray("problems");
      for (Problem p : problems) {
        a.addObject()
            .put("code", p.code())
            .put("message", p.message())
            .put("location", p.location());
      }
    }
    spec.commandLine().getOut().println(Json.write(out));
    spec.commandLine().getOut().flush();
    return problems.isEmpty() ? 0 : 1;
  }
}
