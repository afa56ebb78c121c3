package dev.gennaker.local.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gennaker.statemachines.asl.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AslCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new AslCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content.replace('\'', '"'));
    return p;
  }

  private static final String DEPLOY =
      "{'StartAt':'Deploy','States':{'Deploy':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:deploy',"
          + "'Retry':[{'ErrorEquals':['Busy'],'MaxAttempts':2,'IntervalSeconds':30}],"
          + "'Catch':[{'ErrorEquals':['States.ALL'],'ResultPath':'$.failure','Next':'Rollback'}],'ResultPath':'$.deployed','End':true},"
          + "'Rollback':{'Type':'Pass','Result':'rolled back','ResultPath':'$.rollback','End':true}}}";

  @Test
  void run_printsTheOutputOnOneLine() throws IOException {
    Path def = dir.resolve("hello.asl.json");
    Files.writeString(
        def,
        "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\","
            + "\"Parameters\":{\"greeting.$\":\"States.Format('Hello, {}', $.name)\"},\"End\":true}}}");
    assertThat(run("run", def.toString(), "--input", "{\"name\":\"world\"}")).isZero();
    assertThat(out.toString())
        .isEqualTo("{\"greeting\":\"Hello, world\"}" + System.lineSeparator());
  }

  @Test
  void run_scriptedTaskOutcomes_driveRetryThenSuccess() throws IOException {
    Path def = file("deploy.asl.json", DEPLOY);
    Path script =
        file("deploy.json", "[{'error':'Busy','cause':'locked'},{'result':{'version':3}}]");
    assertThat(
            run(
                "run",
                def.toString(),
                "--input",
                "{}",
                "--task",
                "Deploy=" + script,
                "--skip-waits"))
        .isZero();
    assertThat(Json.parse(out.toString())).isEqualTo(Json.parse("{\"deployed\":{\"version\":3}}"));
  }

  @Test
  void run_scriptedFailure_isCaught() throws IOException {
    Path def = file("deploy.asl.json", DEPLOY);
    Path script = file("deploy.json", "[{'error':'ImagePullBackOff','cause':'no such image'}]");
    assertThat(run("run", def.toString(), "--task", "Deploy=" + script, "--skip-waits")).isZero();
    JsonNode o = Json.parse(out.toString());
    assertThat(o.get("failure"))
        .isEqualTo(Json.parse("{\"Error\":\"ImagePullBackOff\",\"Cause\":\"no such image\"}"));
    assertThat(o.get("rollback").asText()).isEqualTo("rolled back");
  }

  @Test
  void run_failedExecution_printsErrorAndExitsOne() throws IOException {
    Path def =
        file(
            "fail.asl.json",
            "{'StartAt':'F','States':{'F':{'Type':'Fail','Error':'Nope','Cause':'because'}}}");
    assertThat(run("run", def.toString())).isEqualTo(1);
    assertThat(out.toString().trim()).isEqualTo("{\"error\":\"Nope\",\"cause\":\"because\"}");
  }

  @Test
  void run_withoutScriptOrFunction_failsTheTask() throws IOException {
    Path def =
        file(
            "deploy.asl.json",
            "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:123456789012:function:x','End':true}}}");
    assertThat(run("run", def.toString())).isEqualTo(1);
    assertThat(Json.parse(out.toString()).get("error").asText())
        .isEqualTo("Lambda.ResourceNotFoundException");
  }

  @Test
  void run_history_printsTheEvents() throws IOException {
    Path def = file("p.asl.json", "{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}}");
    Path input = file("in.json", "{'a':1}");
    assertThat(run("run", def.toString(), "--input-file", input.toString(), "--history")).isZero();
    JsonNode events = Json.parse(out.toString());
    assertThat(events).hasSize(4);
    assertThat(events.get(0).get("type").asText()).isEqualTo("ExecutionStarted");
    assertThat(events.get(3).get("type").asText()).isEqualTo("ExecutionSucceeded");
  }

  @Test
  void run_invalidDefinition_exitsOneWithTheProblem() throws IOException {
    Path def = file("bad.asl.json", "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B'}}}");
    assertThat(run("run", def.toString())).isEqualTo(1);
    JsonNode o = Json.parse(out.toString());
    assertThat(o.get("error").asText()).isEqualTo("InvalidDefinition");
    assertThat(o.get("cause").asText()).contains("/States/A/Next");
  }

  @Test
  void usageErrors_exitTwo() throws IOException {
    Path def = file("p.asl.json", "{'StartAt':'A','States':{'A':{'Type':'Pass','End':true}}}");
    assertThat(run("run", def.toString(), "--input", "{not json")).isEqualTo(2);
    assertThat(err.toString()).contains("--input is not JSON");
    assertThat(run("run", def.toString(), "--input", "{}", "--input-file", "x.json")).isEqualTo(2);
    assertThat(run("run", dir.resolve("missing.json").toString())).isEqualTo(2);
    Path badScript = file("s.json", "[{'nothing':1}]");
    assertThat(run("run", def.toString(), "--task", "A=" + badScript)).isEqualTo(2);
  }

  @Test
  void validate_reportsProblemsWithLocations() throws IOException {
    Path good = file("good.asl.json", "{'StartAt':'A','States':{'A':{'Type':'Succeed'}}}");
    assertThat(run("validate", good.toString())).isZero();
    assertThat(out.toString().trim()).isEqualTo("{\"valid\":true}");
    out.getBuffer().setLength(0);
    Path bad =
        file(
            "bad.asl.json",
            "{'StartAt':'A','States':{'A':{'Type':'Pass'},'B':{'Type':'Succeed'}}}");
    assertThat(run("validate", bad.toString())).isEqualTo(1);
    JsonNode o = Json.parse(out.toString());
    assertThat(o.get("valid").asBoolean()).isFalse();
    assertThat(o.get("problems").findValuesAsText("location"))
        .containsExactlyInAnyOrder("/States/A/Next", "/States/B");
  }

  @Test
  void validate_substitutesPlaceholdersLikeADeploymentTemplate() throws IOException {
    Path def =
        file(
            "templated.asl.json",
            "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'${PlanFunction}','End':true}}}");
    assertThat(run("validate", def.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("INVALID_RESOURCE");
    out.getBuffer().setLength(0);
    assertThat(
            run(
                "validate",
                def.toString(),
                "--substitute",
                "PlanFunction=arn:aws:lambda:us-east-1:123456789012:function:plan"))
        .isZero();
    out.getBuffer().setLength(0);
    Path script = file("plan.json", "[{'result':{'finished':true}}]");
    assertThat(
            run(
                "run",
                def.toString(),
                "--substitute",
                "PlanFunction=arn:aws:lambda:us-east-1:123456789012:function:plan",
                "--task",
                "T=" + script))
        .isZero();
    assertThat(out.toString().trim()).isEqualTo("{\"finished\":true}");
  }
}
