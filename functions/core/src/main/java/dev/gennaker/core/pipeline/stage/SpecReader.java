package dev.gennaker.core.pipeline.stage;

import dev.gennaker.core.pipeline.DurationText;
import dev.gennaker.core.yaml.Diagnostics;
import dev.gennaker.core.yaml.Fields;
import dev.gennaker.core.yaml.Suggestions;
import dev.gennaker.core.yaml.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the {@code with} block of one stage: the fields of the mapping plus the checks that stage
 * types share (cluster ids, Kubernetes names, durations, choices, CEL expressions).
 */
public final class SpecReader {
  /** Lowercase letters, digits and '-', starting and ending alphanumeric (DNS-1123 label). */
  public static final Pattern ID = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern KIND = Pattern.compile("[A-Z][A-Za-z0-9]*");

  private final Fields fields;
  private final Consumer<YamlNode.Scalar> booleanExpressions;

  /**
   * @param booleanExpressions receives every field that holds a CEL expression which must be
   *     boolean (checked once the whole pipeline is known)
   */
  public SpecReader(Fields fields, Consumer<YamlNode.Scalar> booleanExpressions) {
    this.fields = fields;
    this.booleanExpressions = booleanExpressions;
  }

  public Fields fields() {
    return fields;
  }

  /** Where boolean expressions found in nested blocks are sent. */
  public Consumer<YamlNode.Scalar> booleanExpressionSink() {
    return booleanExpressions;
  }

  public Diagnostics diagnostics() {
    return fields.diagnostics();
  }

  /** True when the value holds a {@code ${...}} expression, checked as such elsewhere. */
  public static boolean isTemplate(String value) {
    return value != null && value.contains("${");
  }

  /** A required cluster id. */
  public String cluster() {
    return id("cluster", true, "a cluster's id");
  }

  /**
   * An id-like value: lowercase letters, digits and '-', at most 63 characters; or an expression.
   */
  public String id(String key, boolean required, String what) {
    String value = required ? fields.requiredString(key) : fields.string(key);
    if (value != null && !isTemplate(value) && !validId(value)) {
      diagnostics()
          .error(
              fields.node(key),
              "\""
                  + key
                  + "\" must be "
                  + what
                  + ": lowercase letters, digits and '-', at most 63 characters, found \""
                  + value
                  + "\"");
    }
    return value;
  }

  public static boolean validId(String value) {
    return value.length() <= 63 && ID.matcher(value).matches();
  }

  /** A Kubernetes namespace (or an expression). */
  public String namespace(boolean required) {
    return id("namespace", required, "a Kubernetes namespace name");
  }

  /** A Kubernetes object name (DNS subdomain, at most 253 characters) or an expression. */
  public String objectName(String key, boolean required) {
    String value = required ? fields.requiredString(key) : fields.string(key);
    if (value != null
        && !isTemplate(value)
        && (value.length() > 253 || !SUBDOMAIN.matcher(value).matches())) {
      diagnostics()
          .error(
              fields.node(key),
              "\""
                  + key
                  + "\" must be a Kubernetes object name (lowercase letters, digits, '-' and '.'),"
                  + " found \""
                  + value
                  + "\"");
    }
    return value;
  }

  /** A Kubernetes kind such as {@code Deployment}. */
  public String kind() {
    String value = fields.requiredString("kind");
    if (value != null && !KIND.matcher(value).matches()) {
      diagnostics()
          .error(
              fields.node("kind"),
              "\"kind\" must be a Kubernetes kind such as Deployment, found \"" + value + "\"");
    }
    return value;
  }

  /** A duration such as {@code 15m}. */
  public Duration duration(String key, boolean required) {
    String text = required ? fields.requiredString(key) : fields.string(key);
    return text == null ? null : parseDuration(fields.node(key), key, text, diagnostics());
  }

  /** Parses a duration, reporting a clear error. */
  public static Duration parseDuration(
      YamlNode node, String key, String text, Diagnostics diagnostics) {
    var parsed = DurationText.parse(text);
    if (parsed.isEmpty()) {
      diagnostics.error(
          node,
          "\""
              + key
              + "\" is not a duration: \""
              + text
              + "\" (write a number and a unit: 30s, 15m, 24h, 7d, or 1h30m)");
      return null;
    }
    if (parsed.get().isZero()) {
      diagnostics.error(node, "\"" + key + "\" must be longer than 0s");
      return null;
    }
    return parsed.get();
  }

  /** One of a closed set of words. */
  public String choice(String key, List<String> allowed, String defaultValue) {
    String value = fields.string(key);
    if (value == null) {
      return defaultValue;
    }
    if (!allowed.contains(value)) {
      diagnostics()
          .error(
              fields.node(key),
              "\""
                  + key
                  + "\" must be one of "
                  + String.join(", ", allowed)
                  + ", found \""
                  + value
                  + "\""
                  + Suggestions.didYouMean(value, allowed));
      return defaultValue;
    }
    return value;
  }

  /** A required CEL expression that must evaluate to a boolean. */
  public String booleanExpression(String key) {
    String value = fields.requiredString(key);
    if (value != null && fields.node(key) instanceof YamlNode.Scalar scalar) {
      booleanExpressions.accept(scalar);
    }
    return value;
  }

  /** A string that is either an integer literal in [min, max] or a {@code ${...}} expression. */
  public String integerOrExpression(String key, long min, long max, boolean required) {
    YamlNode node = required ? fields.required(key) : fields.node(key);
    if (node == null) {
      return null;
    }
    if (node instanceof YamlNode.Scalar s && s.value() instanceof String str && isTemplate(str)) {
      return str;
    }
    Long value = Fields.asInteger(node, key, min, max, diagnostics());
    return value == null ? null : value.toString();
  }
}
