package dev.gennaker.core.pipeline;

import dev.gennaker.core.pipeline.expr.ExpressionEngine;
import dev.gennaker.core.pipeline.expr.ExpressionProblem;
import dev.gennaker.core.pipeline.expr.Template;
import dev.gennaker.core.pipeline.stage.ClusterTarget;
import dev.gennaker.core.pipeline.stage.SpecReader;
import dev.gennaker.core.pipeline.stage.StageSpec;
import dev.gennaker.core.pipeline.stage.StageType;
import dev.gennaker.core.pipeline.stage.StageTypes;
import dev.gennaker.core.yaml.Diagnostics;
import dev.gennaker.core.yaml.Fields;
import dev.gennaker.core.yaml.SourcePosition;
import dev.gennaker.core.yaml.Suggestions;
import dev.gennaker.core.yaml.YamlLoader;
import dev.gennaker.core.yaml.YamlNode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a pipeline file (see docs/pipelines.md): parses the YAML, binds it to the typed model and
 * validates it — fields, types, names, the stage DAG, durations, cron schedules, globs and CEL
 * expressions — reporting every problem at once with its line, column and path. Thread-safe.
 */
public final class PipelineReader {
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern IMAGE_REPOSITORY =
      Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*");

  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Set<String> METADATA_FIELDS =
      Set.of("name", "application", "description", "labels");
  private static final Set<String> SPEC_FIELDS =
      Set.of("parameters", "triggers", "stages", "notifications");
  private static final Set<String> PARAMETER_FIELDS =
      Set.of("name", "type", "default", "description");
  private static final Set<String> STAGE_FIELDS =
      Set.of("id", "type", "name", "dependsOn", "when", "timeout", "onFailure", "with");
  private static final Map<String, Set<String>> TRIGGER_FIELDS =
      Map.of(
          "github", Set.of("type", "repository", "events", "branches", "tags", "paths"),
          "image", Set.of("type", "repository", "tags"),
          "schedule", Set.of("type", "cron", "timezone"),
          "pipeline", Set.of("type", "pipeline", "statuses"));
  private static final List<String> TRIGGER_TYPES =
      List.of("github", "image", "schedule", "pipeline");

  private final YamlLoader loader = new YamlLoader();
  private final Optional<Set<String>> knownClusters;

  /** A reader that does not check cluster ids (no tenant is known). */
  public PipelineReader() {
    this(Optional.empty());
  }

  /**
   * @param knownClusters the ids of the tenant's clusters, when known: stages naming another
   *     cluster are errors
   */
  public PipelineReader(Optional<Set<String>> knownClusters) {
    this.knownClusters = knownClusters.map(Set::copyOf);
  }

  /** Reads and validates one pipeline file. */
  public ValidationResult read(String text) {
    Diagnostics d = new Diagnostics();
    Optional<YamlNode> root = loader.load(text, d);
    if (root.isEmpty()) {
      return new ValidationResult(Optional.empty(), d.sorted());
    }
    Pipeline pipeline = new FileReading(d).read(root.get());
    return new ValidationResult(
        d.isEmpty() ? Optional.ofNullable(pipeline) : Optional.empty(), d.sorted());
  }

  /** The state of reading one file. */
  private final class FileReading {
    private final Diagnostics d;
    private final Map<String, YamlNode.Mapping> stageNodes = new LinkedHashMap<>();
    private final Map<String, List<YamlNode.Scalar>> booleanSites = new HashMap<>();

    FileReading(Diagnostics d) {
      this.d = d;
    }

    Pipeline read(YamlNode root) {
      Optional<Fields> file = Fields.of(root, d, "a pipeline file", ROOT_FIELDS);
      if (file.isEmpty()) {
        return null;
      }
      Fields f = file.get();
      String apiVersion = f.requiredString("apiVersion");
      if (apiVersion != null && !apiVersion.equals(Pipeline.API_VERSION)) {
        d.error(
            f.node("apiVersion"),
            "unsupported apiVersion \""
                + apiVersion
                + "\"; pipeline files use \""
                + Pipeline.API_VERSION
                + "\"");
      }
      String kind = f.requiredString("kind");
      if (kind != null && !kind.equals(Pipeline.KIND)) {
        d.error(f.node("kind"), "kind must be \"Pipeline\", found \"" + kind + "\"");
      }
      Pipeline.Metadata metadata = metadata(f);
      YamlNode specNode = f.required("spec");
      if (specNode == null) {
        return null;
      }
      Optional<Fields> specFields = Fields.of(specNode, d, "spec", SPEC_FIELDS);
      if (specFields.isEmpty()) {
        return null;
      }
      Fields spec = specFields.get();
      List<Parameter> parameters = parameters(spec);
      List<Trigger> triggers = spec.list("triggers", this::trigger);
      List<Stage> stages = stages(spec);
      List<Notification> notifications = spec.list("notifications", this::notification);
      Map<String, Stage> byId = new LinkedHashMap<>();
      stages.forEach(s -> byId.putIfAbsent(s.id(), s));
      Map<String, Set<String>> upstream = checkGraph(byId);
      checkExpressions(byId, upstream, parameters);
      checkClusters(stages);
      return new Pipeline(metadata, parameters, triggers, stages, notifications);
    }

    private Pipeline.Metadata metadata(Fields f) {
      YamlNode node = f.required("metadata");
      if (node == null) {
        return null;
      }
      return Fields.of(node, d, "metadata", METADATA_FIELDS)
          .map(
              m -> {
                SpecReader r = new SpecReader(m, s -> {});
                return new Pipeline.Metadata(
                    r.id("name", true, "a pipeline name"),
                    r.id("application", true, "an application name"),
                    m.string("description"),
                    m.map("labels", n -> m.asString(n, "labels")));
              })
          .orElse(null);
    }

    private List<Parameter> parameters(Fields spec) {
      Map<String, SourcePosition> seen = new HashMap<>();
      return spec.list(
          "parameters",
          node ->
              Fields.of(node, d, "a parameter", PARAMETER_FIELDS)
                  .map(
                      p -> {
                        String name = p.requiredString("name");
                        if (name != null) {
                          if (!PARAMETER_NAME.matcher(name).matches()) {
                            d.error(
                                p.node("name"),
                                "parameter name \""
                                    + name
                                    + "\" must be letters, digits and '_', not starting with a"
                                    + " digit (expressions read it as parameters."
                                    + name
                                    + ")");
                          }
                          SourcePosition first = seen.putIfAbsent(name, node.position());
                          if (first != null) {
                            d.error(
                                p.node("name"),
                                "duplicate parameter \""
                                    + name
                                    + "\" (first defined at line "
                                    + first.line()
                                    + ")");
                          }
                        }
                        String typeName =
                            new SpecReader(p, s -> {})
                                .choice("type", List.of("string", "number", "boolean"), "string");
                        Parameter.Type type = Parameter.Type.valueOf(typeName.toUpperCase());
                        Object value = p.value("default");
                        if (value instanceof Long l) {
                          value = l.doubleValue();
                        } else if (value instanceof java.math.BigInteger b) {
                          value = b.doubleValue();
                        }
                        if (value != null && !type.accepts(value)) {
                          d.error(
                              p.node("default"),
                              "the default of parameter \""
                                  + name
                                  + "\" must be a "
                                  + type.yamlName()
                                  + ", found "
                                  + p.node("default").describe());
                          value = null;
                        }
                        return new Parameter(name, type, value, p.string("description"));
                      })
                  .orElse(null));
    }

    private Trigger trigger(YamlNode node) {
      if (!(node instanceof YamlNode.Mapping m)) {
        d.error(node, "a trigger must be a mapping, found " + node.describe());
        return null;
      }
      YamlNode typeNode = m.get("type");
      if (typeNode == null) {
        d.error(
            m.position(),
            m.path() + ".type",
            "missing required field \"type\" (one of " + String.join(", ", TRIGGER_TYPES) + ")");
        return null;
      }
      String type =
          typeNode instanceof YamlNode.Scalar s && s.value() instanceof String str ? str : null;
      if (type == null || !TRIGGER_FIELDS.containsKey(type)) {
        d.error(
            typeNode,
            "unknown trigger type "
                + (type == null ? typeNode.describe() : "\"" + type + "\"")
                + "; use one of "
                + String.join(", ", TRIGGER_TYPES)
                + (type == null ? "" : Suggestions.didYouMean(type, TRIGGER_TYPES)));
        return null;
      }
      Fields t = Fields.of(m, d, "a trigger", TRIGGER_FIELDS.get(type)).orElseThrow();
      return switch (type) {
        case "github" -> {
          String repository = pattern(t, "repository", REPOSITORY, "owner/name");
          List<String> events = t.strings("events");
          for (int i = 0; i < events.size(); i++) {
            String e = events.get(i);
            if (!Trigger.GitHub.EVENTS.contains(e)) {
              d.error(
                  ((YamlNode.Sequence) t.node("events")).items().get(i),
                  "unknown GitHub event \""
                      + e
                      + "\"; use one of "
                      + String.join(", ", Trigger.GitHub.EVENTS)
                      + Suggestions.didYouMean(e, Trigger.GitHub.EVENTS));
            }
          }
          yield new Trigger.GitHub(
              repository,
              events.isEmpty() ? List.of("push") : events,
              globs(t, "branches"),
              globs(t, "tags"),
              globs(t, "paths"));
        }
        case "image" ->
            new Trigger.Image(
                pattern(t, "repository", IMAGE_REPOSITORY, "a registry repository"),
                globs(t, "tags"));
        case "schedule" -> {
          String cron = t.requiredString("cron");
          if (cron != null) {
            try {
              CronExpression.parse(cron);
            } catch (CronExpression.InvalidCronException e) {
              d.error(
                  t.node("cron"), "invalid cron expression \"" + cron + "\": " + e.getMessage());
            }
          }
          String zone = t.string("timezone", "UTC");
          if (t.has("timezone")) {
            try {
              ZoneId.of(zone);
            } catch (DateTimeException e) {
              d.error(
                  t.node("timezone"),
                  "unknown time zone \""
                      + zone
                      + "\"; use an IANA name such as Europe/Berlin or UTC"
                      + Suggestions.didYouMean(zone, ZoneId.getAvailableZoneIds()));
            }
          }
          yield new Trigger.Schedule(cron, zone);
        }
        default -> {
          String pipeline = new SpecReader(t, s -> {}).id("pipeline", true, "a pipeline name");
          List<String> statuses = t.strings("statuses");
          for (int i = 0; i < statuses.size(); i++) {
            String s = statuses.get(i);
            if (!Trigger.PipelineEnded.STATUSES.contains(s)) {
              d.error(
                  ((YamlNode.Sequence) t.node("statuses")).items().get(i),
                  "unknown status \""
                      + s
                      + "\"; use one of "
                      + String.join(", ", Trigger.PipelineEnded.STATUSES)
                      + Suggestions.didYouMean(s, Trigger.PipelineEnded.STATUSES));
            }
          }
          yield new Trigger.PipelineEnded(
              pipeline, statuses.isEmpty() ? List.of("succeeded") : statuses);
        }
      };
    }

    private String pattern(Fields f, String key, Pattern pattern, String what) {
      String value = f.requiredString(key);
      if (value != null && !pattern.matcher(value).matches()) {
        d.error(f.node(key), "\"" + key + "\" must be " + what + ", found \"" + value + "\"");
      }
      return value;
    }

    private List<String> globs(Fields f, String key) {
      List<String> globs = f.strings(key);
      for (int i = 0; i < globs.size(); i++) {
        try {
          Glob.compile(globs.get(i));
        } catch (Glob.InvalidGlobException e) {
          d.error(
              ((YamlNode.Sequence) f.node(key)).items().get(i),
              "invalid pattern \"" + globs.get(i) + "\": " + e.getMessage());
        }
      }
      return globs;
    }

    private Notification notification(YamlNode node) {
      return Fields.of(node, d, "a notification", Set.of("slack", "on"))
          .map(
              n -> {
                String channel = null;
                YamlNode slack = n.required("slack");
                if (slack != null) {
                  channel =
                      Fields.of(slack, d, "slack", Set.of("channel"))
                          .map(s -> s.requiredString("channel"))
                          .orElse(null);
                  if (channel != null
                      && !dev.gennaker.core.pipeline.stage.Channels.valid(channel)) {
                    d.error(
                        ((YamlNode.Mapping) slack).get("channel"),
                        dev.gennaker.core.pipeline.stage.Channels.problem(channel));
                  }
                }
                List<String> names =
                    java.util.Arrays.stream(Notification.Event.values())
                        .map(Notification.Event::yamlName)
                        .toList();
                List<Notification.Event> on = new ArrayList<>();
                List<String> events = n.strings("on");
                for (int i = 0; i < events.size(); i++) {
                  String e = events.get(i);
                  int index = names.indexOf(e);
                  if (index < 0) {
                    d.error(
                        ((YamlNode.Sequence) n.node("on")).items().get(i),
                        "unknown notification event \""
                            + e
                            + "\"; use one of "
                            + String.join(", ", names)
                            + Suggestions.didYouMean(e, names));
                  } else {
                    on.add(Notification.Event.values()[index]);
                  }
                }
                if (!n.has("on")) {
                  on.addAll(
                      List.of(
                          Notification.Event.AWAITING_APPROVAL,
                          Notification.Event.SUCCEEDED,
                          Notification.Event.FAILED));
                }
                return new Notification(channel, on);
              })
          .orElse(null);
    }

    private List<Stage> stages(Fields spec) {
      YamlNode node = spec.required("stages");
      if (node == null) {
        return List.of();
      }
      if (node instanceof YamlNode.Sequence seq && seq.items().isEmpty()) {
        d.error(node, "a pipeline needs at least one stage");
      }
      Map<String, SourcePosition> seen = new HashMap<>();
      return spec.list(
          "stages",
          item -> {
            Optional<Fields> fields = Fields.of(item, d, "a stage", STAGE_FIELDS);
            if (fields.isEmpty()) {
              return null;
            }
            Fields s = fields.get();
            SpecReader common = new SpecReader(s, x -> {});
            String id = common.id("id", true, "a stage id");
            if (id == null) {
              return null;
            }
            SourcePosition first = seen.putIfAbsent(id, s.node("id").position());
            if (first != null) {
              d.error(
                  s.node("id"),
                  "duplicate stage id \"" + id + "\" (first defined at line " + first.line() + ")");
              return null;
            }
            stageNodes.put(id, s.mapping());
            String type = s.requiredString("type");
            StageSpec specValue = null;
            if (type != null) {
              Optional<StageType<?>> stageType = StageTypes.byKind(type);
              if (stageType.isEmpty()) {
                d.error(
                    s.node("type"),
                    "unknown stage type \""
                        + type
                        + "\""
                        + Suggestions.didYouMean(type, StageTypes.kinds())
                        + "; stage types are "
                        + String.join(", ", StageTypes.kinds()));
              } else {
                specValue = readWith(id, s, stageType.get());
              }
            }
            String when = s.string("when");
            if (when != null && s.node("when") instanceof YamlNode.Scalar w) {
              booleanSites.computeIfAbsent(id, k -> new ArrayList<>()).add(w);
            }
            Duration timeout = common.duration("timeout", false);
            String onFailure = common.choice("onFailure", OnFailure.yamlNames(), "fail");
            OnFailure policy = OnFailure.valueOf(onFailure.toUpperCase());
            if (policy == OnFailure.ROLLBACK && type != null && !type.equals("deploy")) {
              d.error(
                  s.node("onFailure"),
                  "onFailure: rollback undoes a deploy; stage \""
                      + id
                      + "\" is a "
                      + type
                      + " stage (use fail or continue)");
            }
            return new Stage(
                id,
                type,
                s.string("name"),
                s.strings("dependsOn"),
                when,
                timeout,
                policy,
                specValue);
          });
    }

    private StageSpec readWith(String id, Fields stage, StageType<?> type) {
      YamlNode with = stage.node("with");
      YamlNode.Mapping mapping;
      if (with == null || with instanceof YamlNode.Scalar s && s.value() == null) {
        mapping = new YamlNode.Mapping(stage.mapping().position(), stage.pathOf("with"), Map.of());
      } else if (with instanceof YamlNode.Mapping m) {
        mapping = m;
      } else {
        d.error(with, "\"with\" must be a mapping, found " + with.describe());
        return null;
      }
      Fields fields =
          Fields.of(mapping, d, "\"with\" of stage \"" + id + "\"", type.fields()).orElseThrow();
      return type.read(
          new SpecReader(
              fields,
              scalar -> booleanSites.computeIfAbsent(id, k -> new ArrayList<>()).add(scalar)));
    }

    /**
     * Checks dependencies: unknown ids, self-dependencies and cycles. Returns, per stage, every
     * stage upstream of it (its transitive dependencies).
     */
    private Map<String, Set<String>> checkGraph(Map<String, Stage> byId) {
      Map<String, List<String>> edges = new LinkedHashMap<>();
      for (Stage stage : byId.values()) {
        List<String> deps = new ArrayList<>();
        YamlNode depsNode = stageNodes.get(stage.id()).get("dependsOn");
        for (int i = 0; i < stage.dependsOn().size(); i++) {
          String dep = stage.dependsOn().get(i);
          YamlNode at =
              depsNode instanceof YamlNode.Sequence seq && i < seq.items().size()
                  ? seq.items().get(i)
                  : stageNodes.get(stage.id());
          if (dep.equals(stage.id())) {
            d.error(at, "stage \"" + stage.id() + "\" depends on itself");
          } else if (!byId.containsKey(dep)) {
            d.error(
                at,
                "stage \""
                    + stage.id()
                    + "\" depends on unknown stage \""
                    + dep
                    + "\""
                    + Suggestions.didYouMean(dep, byId.keySet()));
          } else if (deps.contains(dep)) {
            d.error(at, "stage \"" + stage.id() + "\" lists \"" + dep + "\" twice in dependsOn");
          } else {
            deps.add(dep);
          }
        }
        edges.put(stage.id(), deps);
      }
      reportCycles(edges);
      Map<String, Set<String>> upstream = new HashMap<>();
      for (String id : edges.keySet()) {
        upstream(id, edges, upstream, new HashSet<>());
      }
      return upstream;
    }

    private Set<String> upstream(
        String id,
        Map<String, List<String>> edges,
        Map<String, Set<String>> memo,
        Set<String> visiting) {
      Set<String> known = memo.get(id);
      if (known != null) {
        return known;
      }
      if (!visiting.add(id)) {
        return Set.of(); // a cycle, reported already
      }
      Set<String> out = new LinkedHashSet<>();
      for (String dep : edges.getOrDefault(id, List.of())) {
        out.add(dep);
        out.addAll(upstream(dep, edges, memo, visiting));
      }
      visiting.remove(id);
      memo.put(id, out);
      return out;
    }

    /** Finds each cycle once (iterative DFS, so 1,000-stage chains need no deep stack). */
    private void reportCycles(Map<String, List<String>> edges) {
      Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
      for (String start : edges.keySet()) {
        if (state.containsKey(start)) {
          continue;
        }
        List<String> path = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        path.add(start);
        next.add(0);
        state.put(start, 1);
        while (!path.isEmpty()) {
          int top = path.size() - 1;
          String node = path.get(top);
          List<String> deps = edges.getOrDefault(node, List.of());
          int i = next.get(top);
          if (i >= deps.size()) {
            state.put(node, 2);
            path.remove(top);
            next.remove(top);
            continue;
          }
          next.set(top, i + 1);
          String dep = deps.get(i);
          Integer s = state.get(dep);
          if (s == null) {
            state.put(dep, 1);
            path.add(dep);
            next.add(0);
          } else if (s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(dep), path.size()));
            cycle.add(dep);
            YamlNode at = stageNodes.get(dep).get("dependsOn");
            d.error(
                at == null ? stageNodes.get(dep) : at,
                "dependency cycle: "
                    + String.join(" -> ", cycle)
                    + " (each stage depends on the next)");
          }
        }
      }
    }

    /** One expression of the file: where it is, and whether it must be boolean. */
    private record Site(
        Stage stage, YamlNode.Scalar scalar, int base, String source, boolean mustBeBoolean) {}

    private void checkExpressions(
        Map<String, Stage> byId, Map<String, Set<String>> upstream, List<Parameter> parameters) {
      List<Site> sites = new ArrayList<>();
      for (Stage stage : byId.values()) {
        for (YamlNode.Scalar site : booleanSites.getOrDefault(stage.id(), List.of())) {
          sites.add(new Site(stage, site, 0, site.text(), true));
        }
        YamlNode with = stageNodes.get(stage.id()).get("with");
        if (with != null) {
          templates(with, stage, sites);
        }
      }
      if (sites.isEmpty()) {
        return;
      }
      ExpressionEngine engine = ExpressionEngine.forParameters(parameters);
      List<ExpressionEngine.Checked> results =
          engine.checkAll(sites.stream().map(Site::source).toList());
      for (int i = 0; i < sites.size(); i++) {
        Site site = sites.get(i);
        ExpressionEngine.Checked checked = results.get(i);
        Set<String> visible = upstream.getOrDefault(site.stage().id(), Set.of());
        report(site.scalar(), site.base(), site.source(), checked, site.stage(), byId, visible);
        if (site.mustBeBoolean() && checked.ok() && !checked.isBoolean()) {
          d.error(
              site.scalar(),
              "\""
                  + lastSegment(site.scalar().path())
                  + "\" must be a boolean expression, but \""
                  + site.source()
                  + "\" gives a "
                  + checked.resultType());
        }
      }
    }

    private void templates(YamlNode node, Stage stage, List<Site> sites) {
      if (node instanceof YamlNode.Mapping m) {
        m.entries().values().forEach(v -> templates(v, stage, sites));
      } else if (node instanceof YamlNode.Sequence s) {
        s.items().forEach(v -> templates(v, stage, sites));
      } else if (node instanceof YamlNode.Scalar s
          && s.value() instanceof String text
          && Template.hasExpressions(text)
          && !isBooleanSite(stage.id(), s)) {
        List<Template.Part> parts;
        try {
          parts = Template.parse(text);
        } catch (Template.InvalidTemplateException e) {
          d.error(s.positionOf(e.offset()), s.path(), e.getMessage());
          return;
        }
        for (Template.Part part : parts) {
          if (part instanceof Template.Expression e) {
            sites.add(new Site(stage, s, e.offset(), e.source(), false));
          }
        }
      }
    }

    private boolean isBooleanSite(String stageId, YamlNode.Scalar scalar) {
      return booleanSites.getOrDefault(stageId, List.of()).contains(scalar);
    }

    private void report(
        YamlNode.Scalar site,
        int base,
        String source,
        ExpressionEngine.Checked checked,
        Stage stage,
        Map<String, Stage> byId,
        Set<String> visible) {
      for (ExpressionProblem p : checked.problems()) {
        d.error(
            site.positionOf(base + Math.max(0, p.offset())),
            site.path(),
            "in expression \"" + source.strip() + "\": " + p.message());
      }
      for (ExpressionEngine.StageReference ref : checked.stageReferences()) {
        SourcePosition at = site.positionOf(base + Math.max(0, ref.offset()));
        Stage target = byId.get(ref.stage());
        if (target == null) {
          if (ref.output() == null) {
            d.error(
                at,
                site.path(),
                "expression refers to unknown stage \""
                    + ref.stage()
                    + "\""
                    + Suggestions.didYouMean(ref.stage(), byId.keySet()));
          }
        } else if (!visible.contains(ref.stage())) {
          if (ref.output() == null) {
            d.error(
                at,
                site.path(),
                "expression refers to stage \""
                    + ref.stage()
                    + "\", which is not upstream of stage \""
                    + stage.id()
                    + "\" (add it to dependsOn)");
          }
        } else if (ref.output() != null && target.type() != null) {
          StageTypes.byKind(target.type())
              .filter(t -> !t.outputs().contains(ref.output()))
              .ifPresent(
                  t ->
                      d.error(
                          at,
                          site.path(),
                          "stage \""
                              + ref.stage()
                              + "\" ("
                              + t.kind()
                              + ") has no output \""
                              + ref.output()
                              + "\""
                              + Suggestions.didYouMean(ref.output(), t.outputs())
                              + (t.outputs().isEmpty()
                                  ? "; it has no outputs"
                                  : "; its outputs are "
                                      + String.join(", ", new java.util.TreeSet<>(t.outputs())))));
        }
      }
    }

    private void checkClusters(List<Stage> stages) {
      if (knownClusters.isEmpty()) {
        return;
      }
      for (Stage stage : stages) {
        if (stage.spec() instanceof ClusterTarget target
            && target.cluster() != null
            && !SpecReader.isTemplate(target.cluster())
            && !knownClusters.get().contains(target.cluster())) {
          YamlNode with = stageNodes.get(stage.id()).get("with");
          YamlNode at = with instanceof YamlNode.Mapping m ? m.get("cluster") : with;
          d.error(
              at,
              "unknown cluster \""
                  + target.cluster()
                  + "\""
                  + Suggestions.didYouMean(target.cluster(), knownClusters.get())
                  + "; pipelines name clusters by their id");
        }
      }
    }
  }

  private static String lastSegment(String path) {
    int dot = path.lastIndexOf('.');
    String tail = dot < 0 ? path : path.substring(dot + 1);
    int bracket = tail.indexOf('[');
    return bracket < 0 ? tail : tail.substring(0, bracket);
  }
}
