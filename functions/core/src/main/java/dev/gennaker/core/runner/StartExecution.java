package dev.gennaker.core.runner;

import dev.gennaker.core.execution.Artifact;
import dev.gennaker.core.execution.Execution;
import dev.gennaker.core.execution.Trigger;
import dev.gennaker.core.pipeline.Parameter;
import dev.gennaker.core.pipeline.Pipeline;
import dev.gennaker.core.store.NotFoundException;
import dev.gennaker.core.store.PipelineStore;
import dev.gennaker.core.store.PipelineVersion;
import dev.gennaker.core.tenant.TenantId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts an execution of the latest version of a pipeline: checks the parameters against the file's
 * declarations, records the execution (QUEUED) and starts the tenant's runner with ids only.
 */
public final class StartExecution {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RunnerServices s;
  private final PipelineStore pipelines;
  private final dev.gennaker.core.tenant.TenantStore tenants;

  /**
   * Starts without looking at the tenant's drain mode: for the runner itself (child pipelines of a
   * running execution finish like the execution does).
   */
  public StartExecution(RunnerServices services) {
    this(services, null);
  }

  /** Starts new work: refused while the tenant drains. */
  public StartExecution(RunnerServices services, dev.gennaker.core.tenant.TenantStore tenants) {
    this.s = services;
    this.pipelines = services.pipelines().store();
    this.tenants = tenants;
  }

  /** The tenant is draining: no new execution starts until an admin ends the drain. */
  public static final class DrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DrainingException(String tenant) {
      super(
          "tenant "
              + tenant
              + " is draining: no new executions start until an admin ends the drain");
    }
  }

  /** Parameters that do not match the pipeline's declarations; every problem is listed. */
  public static final class InvalidParametersException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidParametersException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /**
   * Starts an execution on behalf of {@code who} (a person or tool calling the API), who needs the
   * deployer role; they are the trigger's actor, whom approval policy refuses as approver.
   *
   * @param executionId the id (from an idempotency key), or null for a new one
   */
  public Execution start(
      dev.gennaker.core.tenant.Principal who,
      String application,
      String pipelineName,
      Map<String, String> parameters,
      String executionId) {
    return start(who, application, pipelineName, parameters, Map.of(), executionId);
  }

  /**
   * As {@link #start(dev.gennaker.core.tenant.Principal, String, String, Map, String)}, deploying a
   * given source: {@code source} holds {@code repository} and {@code commit} (a SHA, branch or tag)
   * for bake stages to read, like a push would.
   */
  public Execution start(
      dev.gennaker.core.tenant.Principal who,
      String application,
      String pipelineName,
      Map<String, String> parameters,
      Map<String, String> source,
      String executionId) {
    who.require(dev.gennaker.core.tenant.Role.DEPLOYER);
    Map<String, String> details = new java.util.LinkedHashMap<>(source);
    details.put("user", who.userId());
    return start(
        who.tenant(),
        application,
        pipelineName,
        new Trigger("api", who.userId(), details),
        parameters,
        List.of(),
        executionId);
  }

  public Execution start(
      TenantId tenant,
      String application,
      String pipelineName,
      Trigger trigger,
      Map<String, String> parameters,
      List<Artifact> artifacts) {
    return start(tenant, application, pipelineName, trigger, parameters, artifacts, null);
  }

  /**
   * Starts an execution with a given id: starting again with the same id returns the execution
   * already started (a retried task starts one child, not two).
   *
   * @param executionId the id, or null for a new one
   */
  public Execution start(
      TenantId tenant,
      String application,
      String pipelineName,
      Trigger trigger,
      Map<String, String> parameters,
      List<Artifact> artifacts,
      String executionId) {
    if (executionId != null) {
      var existing = s.executions().get(tenant, executionId);
      if (existing.isPresent() && existing.get().stateMachineExecutionArn().isPresent()) {
        return existing.get();
      }
    }
    if (tenants != null
        && tenants.getTenant(tenant).map(dev.gennaker.core.tenant.Tenant::draining).orElse(false)) {
      throw new DrainingException(tenant.value());
    }
    PipelineVersion version =
        pipelines
            .latest(tenant, application, pipelineName)
            .orElseThrow(
                () -> new NotFoundException("pipeline " + application + "/" + pipelineName));
    Pipeline pipeline =
        s.pipelines().pipeline(tenant, application, pipelineName, version.version());
    Map<String, String> checked = checkParameters(pipeline, parameters);
    Instant now = s.clock().instant();
    String id = executionId != null ? executionId : newId(now);
    Execution execution =
        s.executions()
            .get(tenant, id)
            .orElseGet(
                () ->
                    s.executions()
                        .create(
                            Execution.queued(
                                tenant,
                                id,
                                application,
                                pipelineName,
                                version.version(),
                                trigger,
                                checked,
                                artifacts,
                                now)));
    ExecutionView.event(
        s,
        execution,
        "execution.queued",
        null,
        "queued by " + trigger.type() + " (" + trigger.actor() + ")",
        now);
    String input =
        "{\"tenantId\":\""
            + tenant.value()
            + "\",\"executionId\":\""
            + execution.executionId()
            + "\"}";
    String arn = s.orchestrator().start(tenant, execution.executionId(), input);
    // The run has started and may already be writing the execution (planning, even finishing):
    // record the ARN on whatever version is current, reading again when a write came first.
    for (int attempt = 1; ; attempt++) {
      Execution current = s.executions().get(tenant, execution.executionId()).orElseThrow();
      if (current.stateMachineExecutionArn().isPresent()) {
        return current;
      }
      try {
        return s.executions().update(current.withStateMachineExecutionArn(arn));
      } catch (dev.gennaker.core.store.ConflictException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** Time-ordered, unique ids: {@code ex-<millis in base 36>-<random>}. */
  static String newId(Instant now) {
    byte[] random = new byte[5];
    RANDOM.nextBytes(random);
    return "ex-" + Long.toString(now.toEpochMilli(), 36) + "-" + HexFormat.of().formatHex(random);
  }

  static Map<String, String> checkParameters(Pipeline pipeline, Map<String, String> given) {
    List<String> problems = new ArrayList<>();
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : given.keySet()) {
      if (pipeline.parameters().stream().noneMatch(p -> p.name().equals(name))) {
        problems.add("unknown parameter \"" + name + "\"");
      }
    }
    for (Parameter p : pipeline.parameters()) {
      String value = given.get(p.name());
      if (value == null) {
        if (p.required()) {
          problems.add("parameter \"" + p.name() + "\" is required");
        }
        continue;
      }
      switch (p.type()) {
        case NUMBER -> {
          try {
            Double.parseDouble(value);
          } catch (NumberFormatException e) {
            problems.add("parameter \"" + p.name() + "\" must be a number, got \"" + value + "\"");
          }
        }
        case BOOLEAN -> {
          if (!value.equals("true") && !value.equals("false")) {
            problems.add(
                "parameter \"" + p.name() + "\" must be true or false, got \"" + value + "\"");
          }
        }
        case STRING -> {}
      }
      out.put(p.name(), value);
    }
    if (!problems.isEmpty()) {
      throw new InvalidParametersException(problems);
    }
    return out;
  }
}
