package dev.gennaker.statemachines.asl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Task resources the local engine can run, and how their ARNs are read. */
public final class Resources {
  private static final Pattern LAMBDA_ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:([A-Za-z0-9_-]+)(:[A-Za-z0-9$_-]+)?");
  public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
  public static final String SQS_SEND = "arn:aws:states:::sqs:sendMessage";
  public static final String WAIT_FOR_TASK_TOKEN = ".waitForTaskToken";

  private Resources() {}

  /** What kind of integration a resource ARN names. */
  public enum Kind {
    LAMBDA_FUNCTION,
    LAMBDA_INVOKE,
    SQS_SEND_MESSAGE
  }

  /** A parsed resource: its kind, whether it waits for a task token, and a function name. */
  public record Resource(Kind kind, boolean waitForTaskToken, String functionName) {}

  /** Parses a resource ARN, or returns null when the local engine does not support it. */
  public static Resource parse(String arn) {
    if (arn == null) {
      return null;
    }
    Matcher m = LAMBDA_ARN.matcher(arn);
    if (m.matches()) {
      return new Resource(Kind.LAMBDA_FUNCTION, false, m.group(1));
    }
    boolean wait = arn.endsWith(WAIT_FOR_TASK_TOKEN);
    String base = wait ? arn.substring(0, arn.length() - WAIT_FOR_TASK_TOKEN.length()) : arn;
    base = base.replaceFirst("^arn:aws[a-z-]*:states:[a-z0-9-]*:[0-9]*:", "arn:aws:states:::");
    if (base.equals(LAMBDA_INVOKE)) {
      return new Resource(Kind.LAMBDA_INVOKE, wait, null);
    }
    if (base.equals(SQS_SEND)) {
      return new Resource(Kind.SQS_SEND_MESSAGE, wait, null);
    }
    return null;
  }

  /**
   * The function name inside a {@code FunctionName} parameter: a name, a name with an alias or
   * version ({@code name:prod}), a partial ARN ({@code 123456789012:function:name}) or a full ARN.
   */
  public static String functionName(String functionName) {
    String s = functionName;
    int fn = s.indexOf("function:");
    if (fn >= 0) {
      s = s.substring(fn + "function:".length());
    }
    int colon = s.indexOf(':');
    return colon >= 0 ? s.substring(0, colon) : s;
  }
}
