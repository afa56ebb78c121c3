package dev.gennaker.core.pipeline.expr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.gennaker.core.pipeline.Parameter;
import dev.gennaker.core.yaml.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles, checks and evaluates the CEL expressions of one pipeline. Variables: {@code trigger},
 * {@code parameters} (typed by the pipeline's declarations), {@code stages}, {@code execution} and
 * {@code tenant}. Evaluation is sandboxed (CEL has no side effects or I/O) and bounded (expression
 * size, nesting and comprehension iterations are capped). Thread-safe; compiled expressions are
 * cached.
 */
public final class ExpressionEngine {

  /** The kinds of value a declared field has. */
  public enum FieldType {
    STRING(SimpleType.STRING, ""),
    INT(SimpleType.INT, 0L),
    NUMBER(SimpleType.DOUBLE, 0.0),
    BOOL(SimpleType.BOOL, false),
    STRING_LIST(ListType.create(SimpleType.STRING), List.of()),
    MAP(MapType.create(SimpleType.STRING, SimpleType.DYN), Map.of());

    final CelType celType;
    private final Object empty;

    FieldType(CelType celType, Object empty) {
      this.celType = celType;
      this.empty = empty;
    }

    Object empty() {
      return empty;
    }
  }

  /** What {@code trigger} exposes. */
  public static final Map<String, FieldType> TRIGGER_FIELDS =
      ordered(
          "type", FieldType.STRING,
          "repository", FieldType.STRING,
          "branch", FieldType.STRING,
          "tag", FieldType.STRING,
          "commit", FieldType.STRING,
          "commitUrl", FieldType.STRING,
          "message", FieldType.STRING,
          "author", FieldType.STRING,
          "authorEmail", FieldType.STRING,
          "pusher", FieldType.STRING,
          "changedPaths", FieldType.STRING_LIST,
          "pullRequest", FieldType.INT,
          "image", FieldType.STRING,
          "digest", FieldType.STRING,
          "pipeline", FieldType.STRING,
          "user", FieldType.STRING,
          "payload", FieldType.MAP);

  /** What {@code execution} exposes. */
  public static final Map<String, FieldType> EXECUTION_FIELDS =
      ordered(
          "id", FieldType.STRING,
          "pipeline", FieldType.STRING,
          "application", FieldType.STRING,
          "startedAt", FieldType.STRING);

  /** What {@code tenant} exposes. */
  public static final Map<String, FieldType> TENANT_FIELDS =
      ordered("id", FieldType.STRING, "name", FieldType.STRING);

  /** The top-level variables. */
  public static final List<String> VARIABLES =
      List.of("trigger", "parameters", "stages", "execution", "tenant");

  /** Longest expression accepted, in code points. */
  public static final int MAX_EXPRESSION_LENGTH = 2_000;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
          .maxParseRecursionDepth(64)
          .comprehensionMaxIterations(10_000)
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']+)'");
  private static final Pattern UNDEFINED_FIELD = Pattern.compile("undefined field '([^']+)'");

  private static final StructType STAGE =
      struct(
          "gennaker.Stage",
          ordered(
              "status", FieldType.STRING,
              "outputs", FieldType.MAP));

  private final CelCompiler compiler;
  private final CelCompiler batchCompiler;
  private final Set<String> allFieldNames;
  private final Map<String, FieldType> parameterTypes;
  private final Map<String, Checked> cache = new ConcurrentHashMap<>();

  private ExpressionEngine(List<Parameter> parameters) {
    Map<String, FieldType> parameterFields = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      if (p.name() != null && p.type() != null) {
        parameterFields.put(
            p.name(),
            switch (p.type()) {
              case STRING -> FieldType.STRING;
              case NUMBER -> FieldType.NUMBER;
              case BOOLEAN -> FieldType.BOOL;
            });
      }
    }
    StructType trigger = struct("gennaker.Trigger", TRIGGER_FIELDS);
    StructType execution = struct("gennaker.Execution", EXECUTION_FIELDS);
    StructType tenant = struct("gennaker.Tenant", TENANT_FIELDS);
    StructType params = struct("gennaker.Parameters", parameterFields);
    List<CelType> types = List.of(trigger, execution, tenant, params, STAGE);
    CelTypeProvider provider =
        new CelTypeProvider() {
          @Override
          public ImmutableCollection<CelType> types() {
            return ImmutableList.copyOf(types);
          }

          @Override
          public Optional<CelType> findType(String name) {
            return types.stream().filter(t -> t.name().equals(name)).findFirst();
          }
        };
    this.compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(dev.cel.parser.CelStandardMacro.STANDARD_MACROS)
            .setTypeProvider(provider)
            .addVar("trigger", trigger)
            .addVar("parameters", params)
            .addVar("stages", MapType.create(SimpleType.STRING, STAGE))
            .addVar("execution", execution)
            .addVar("tenant", tenant)
            .build();
    // The same environment, with room for many expressions in one list.
    this.batchCompiler =
        compiler
            .toCompilerBuilder()
            .setOptions(OPTIONS.toBuilder().maxExpressionCodePointSize(Integer.MAX_VALUE).build())
            .build();
    Set<String> names = new LinkedHashSet<>();
    names.addAll(TRIGGER_FIELDS.keySet());
    names.addAll(EXECUTION_FIELDS.keySet());
    names.addAll(TENANT_FIELDS.keySet());
    names.addAll(parameterFields.keySet());
    names.addAll(STAGE.fieldNames());
    this.allFieldNames = names;
    this.parameterTypes = Map.copyOf(parameterFields);
  }

  /** An engine for a pipeline that declares these parameters. */
  public static ExpressionEngine forParameters(List<Parameter> parameters) {
    return new ExpressionEngine(parameters);
  }

  /**
   * A reference to a stage found in an expression.
   *
   * @param output the output read ({@code stages.x.outputs.NAME}), or null
   * @param offset where the reference starts in the expression
   */
  public record StageReference(String stage, String output, int offset) {}

  /** The result of checking one expression. */
  public static final class Checked {
    private final CelAbstractSyntaxTree ast;
    private final CelType resultType;
    private final List<ExpressionProblem> problems;
    private final List<StageReference> stageReferences;

    Checked(
        CelAbstractSyntaxTree ast,
        CelType resultType,
        List<ExpressionProblem> problems,
        List<StageReference> stageReferences) {
      this.ast = ast;
      this.resultType = resultType;
      this.problems = List.copyOf(problems);
      this.stageReferences = List.copyOf(stageReferences);
    }

    public boolean ok() {
      return problems.isEmpty();
    }

    public List<ExpressionProblem> problems() {
      return problems;
    }

    public List<StageReference> stageReferences() {
      return stageReferences;
    }

    /** The CEL name of the result type ("bool", "string", "dyn"...), or "" when it failed. */
    public String resultType() {
      return resultType == null ? "" : resultType.name();
    }

    public boolean isBoolean() {
      return SimpleType.BOOL.equals(resultType);
    }
  }

  /** How many expressions are type-checked together; measured best between 10 and 50. */
  private static final int BATCH = 25;

  /**
   * Checks many expressions at once. Equivalent to calling {@link #check} on each, but faster for
   * files with many expressions: duplicates are checked once, and the rest are parsed and
   * type-checked {@value #BATCH} at a time as one CEL list (each CEL compilation has a fixed cost
   * that dwarfs a short expression). A batch with a problem is checked again one expression at a
   * time, for precise messages.
   */
  public List<Checked> checkAll(List<String> sources) {
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(sources));
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < unique.size(); from += BATCH) {
      batches.add(unique.subList(from, Math.min(unique.size(), from + BATCH)));
    }
    Map<String, Checked> results = new ConcurrentHashMap<>();
    // The batches are independent and the compiler is thread-safe: large files use every core.
    (batches.size() >= 4 ? batches.parallelStream() : batches.stream())
        .forEach(
            batch -> {
              List<Checked> checked = batch.size() == 1 ? null : checkBatch(batch);
              for (int i = 0; i < batch.size(); i++) {
                results.put(batch.get(i), checked == null ? check(batch.get(i)) : checked.get(i));
              }
            });
    return sources.stream().map(results::get).toList();
  }

  /** One CEL compilation for a batch, or null when it has a problem (or cannot be batched). */
  private List<Checked> checkBatch(List<String> sources) {
    StringBuilder combined = new StringBuilder("[");
    int[] starts = new int[sources.size()];
    for (int i = 0; i < sources.size(); i++) {
      String source = sources.get(i);
      if (source.length() > MAX_EXPRESSION_LENGTH
          || source.codePointCount(0, source.length()) != source.length()) {
        return null; // offsets below count code points; keep such sources on the precise path
      }
      // dyn() gives every element the same type, so that checking the list does not unify the
      // elements' types; each expression's own type is that of dyn's argument.
      combined.append(i == 0 ? "\ndyn(" : ",\ndyn(");
      starts[i] = combined.length();
      combined.append(source).append("\n)");
    }
    combined.append("]");
    CelValidationResult result = batchCompiler.compile(combined.toString());
    if (result.hasError()) {
      return null;
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (dev.cel.common.CelValidationException e) {
      return null;
    }
    List<CelExpr> elements = ast.getExpr().list().elements();
    List<Checked> out = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      CelExpr element = elements.get(i).call().args().get(0);
      List<StageReference> references = new ArrayList<>();
      collectStageReferences(ast, element, references);
      int start = starts[i];
      out.add(
          new Checked(
              null,
              ast.getType(element.id()).orElse(null),
              List.of(),
              references.stream()
                  .map(r -> new StageReference(r.stage(), r.output(), r.offset() - start))
                  .toList()));
    }
    return out;
  }

  /** Parses and type-checks an expression. */
  public Checked check(String source) {
    return cache.computeIfAbsent(source, this::compile);
  }

  private Checked compile(String source) {
    CelValidationResult result = compiler.compile(source);
    if (result.hasError()) {
      List<ExpressionProblem> problems = new ArrayList<>();
      result
          .getAllIssues()
          .forEach(
              issue -> {
                int offset =
                    result.getSource().getLocationOffset(issue.getSourceLocation()).orElse(-1);
                problems.add(new ExpressionProblem(offset, explain(issue.getMessage())));
              });
      return new Checked(null, null, problems, List.of());
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (dev.cel.common.CelValidationException e) {
      return new Checked(null, null, List.of(new ExpressionProblem(-1, e.getMessage())), List.of());
    }
    List<StageReference> references = new ArrayList<>();
    collectStageReferences(ast, ast.getExpr(), references);
    return new Checked(ast, ast.getResultType(), List.of(), references);
  }

  private String explain(String celMessage) {
    Matcher undeclared = UNDECLARED.matcher(celMessage);
    if (undeclared.find()) {
      String name = undeclared.group(1);
      return "unknown variable \""
          + name
          + "\"; expressions can use "
          + String.join(", ", VARIABLES)
          + Suggestions.didYouMean(name, VARIABLES);
    }
    Matcher field = UNDEFINED_FIELD.matcher(celMessage);
    if (field.find()) {
      String name = field.group(1);
      return "unknown field \"" + name + "\"" + Suggestions.didYouMean(name, allFieldNames);
    }
    if (celMessage.contains("mismatched input '<EOF>'")) {
      return "syntax error: the expression ends too early";
    }
    int expecting = celMessage.indexOf(" expecting ");
    String shortened = expecting < 0 ? celMessage : celMessage.substring(0, expecting);
    int candidates = shortened.indexOf(" (candidates:");
    shortened = candidates < 0 ? shortened : shortened.substring(0, candidates);
    if (shortened.startsWith("mismatched input") || shortened.startsWith("extraneous input")) {
      return "syntax error: " + shortened;
    }
    // Operators are functions inside CEL ('_==_'); users wrote '=='.
    return OPERATOR.matcher(shortened).replaceAll(m -> "'" + m.group(1) + "'");
  }

  private static final Pattern OPERATOR = Pattern.compile("'_?([=!<>+\\-*/%&|?:\\[\\]]+)_?(?:_)?'");

  private static void collectStageReferences(
      CelAbstractSyntaxTree ast, CelExpr expr, List<StageReference> out) {
    Optional<String> stage = stageOf(expr);
    if (stage.isPresent()) {
      out.add(new StageReference(stage.get(), null, offset(ast, expr)));
    }
    switch (expr.getKind()) {
      case SELECT -> {
        var select = expr.select();
        var operand = select.operand();
        // stages.<id>.outputs.<name>
        if (operand.getKind() == CelExpr.ExprKind.Kind.SELECT
            && operand.select().field().equals("outputs")) {
          Optional<String> owner = stageOf(operand.select().operand());
          owner.ifPresent(id -> out.add(new StageReference(id, select.field(), offset(ast, expr))));
        }
        collectStageReferences(ast, operand, out);
      }
      case CALL -> {
        var call = expr.call();
        call.target().ifPresent(t -> collectStageReferences(ast, t, out));
        call.args().forEach(a -> collectStageReferences(ast, a, out));
      }
      case LIST -> expr.list().elements().forEach(e -> collectStageReferences(ast, e, out));
      case MAP ->
          expr.map()
              .entries()
              .forEach(
                  e -> {
                    collectStageReferences(ast, e.key(), out);
                    collectStageReferences(ast, e.value(), out);
                  });
      case STRUCT ->
          expr.struct().entries().forEach(e -> collectStageReferences(ast, e.value(), out));
      case COMPREHENSION -> {
        var c = expr.comprehension();
        collectStageReferences(ast, c.iterRange(), out);
        collectStageReferences(ast, c.accuInit(), out);
        collectStageReferences(ast, c.loopCondition(), out);
        collectStageReferences(ast, c.loopStep(), out);
        collectStageReferences(ast, c.result(), out);
      }
      default -> {}
    }
  }

  /** The stage id when {@code expr} is {@code stages.<id>} or {@code stages['<id>']}. */
  private static Optional<String> stageOf(CelExpr expr) {
    if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT) {
      var select = expr.select();
      if (isStagesIdent(select.operand())) {
        return Optional.of(select.field());
      }
    }
    if (expr.getKind() == CelExpr.ExprKind.Kind.CALL) {
      var call = expr.call();
      if (call.function().equals("_[_]")
          && call.args().size() == 2
          && isStagesIdent(call.args().get(0))
          && call.args().get(1).getKind() == CelExpr.ExprKind.Kind.CONSTANT
          && call.args().get(1).constant().getKind()
              == dev.cel.common.ast.CelConstant.Kind.STRING_VALUE) {
        return Optional.of(call.args().get(1).constant().stringValue());
      }
    }
    return Optional.empty();
  }

  private static boolean isStagesIdent(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.IDENT && expr.ident().name().equals("stages");
  }

  private static int offset(CelAbstractSyntaxTree ast, CelExpr expr) {
    Integer offset = ast.getSource().getPositionsMap().get(expr.id());
    return offset == null ? -1 : offset;
  }

  /** Evaluates a checked expression. */
  public Object evaluate(String source, ExpressionContext context) {
    Checked checked = check(source);
    if (!checked.ok()) {
      throw new EvaluationException(
          "invalid expression \"" + source + "\": " + checked.problems().get(0).message());
    }
    try {
      return RUNTIME.createProgram(checked.ast).eval(activation(context));
    } catch (CelEvaluationException e) {
      throw new EvaluationException(
          "expression \"" + source + "\" failed: " + firstLine(e.getMessage()));
    }
  }

  /** The activation, with parameter values converted to their declared CEL types. */
  private Map<String, Object> activation(ExpressionContext context) {
    Map<String, Object> activation = context.activation();
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = (Map<String, Object>) activation.get("parameters");
    Map<String, Object> typed = new LinkedHashMap<>(parameters);
    parameterTypes.forEach(
        (name, type) -> {
          Object v = typed.get(name);
          if (type == FieldType.NUMBER && v instanceof Number n) {
            typed.put(name, n.doubleValue());
          } else if (v == null || "".equals(v) && type != FieldType.STRING) {
            typed.put(name, type.empty());
          }
        });
    activation.put("parameters", typed);
    return activation;
  }

  /** Evaluates a {@code when}-style condition, which must give a boolean. */
  public boolean evaluateCondition(String source, ExpressionContext context) {
    Object value = evaluate(source, context);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new EvaluationException(
        "expression \"" + source + "\" must give true or false, gave " + value);
  }

  /**
   * Interpolates {@code ${...}} expressions. A template that is exactly one expression gives that
   * expression's value (a number stays a number, a map stays a map); otherwise a string.
   */
  public Object interpolate(String template, ExpressionContext context) {
    List<Template.Part> parts = Template.parse(template);
    if (parts.size() == 1 && parts.get(0) instanceof Template.Expression e) {
      return evaluate(e.source(), context);
    }
    StringBuilder out = new StringBuilder();
    for (Template.Part part : parts) {
      if (part instanceof Template.Literal l) {
        out.append(l.text());
      } else if (part instanceof Template.Expression e) {
        out.append(asText(evaluate(e.source(), context)));
      }
    }
    return out.toString();
  }

  private static String asText(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Map || value instanceof List) {
      try {
        return JSON.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        throw new EvaluationException("value cannot be written as text: " + e.getMessage());
      }
    }
    return String.valueOf(value);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "evaluation failed";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static StructType struct(String name, Map<String, FieldType> fields) {
    return StructType.create(
        name,
        ImmutableSet.copyOf(fields.keySet()),
        field -> Optional.ofNullable(fields.get(field)).map(t -> t.celType));
  }

  private static Map<String, FieldType> ordered(Object... pairs) {
    Map<String, FieldType> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (FieldType) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
