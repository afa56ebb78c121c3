package dev.gennaker.core.pipeline.stage;

import java.util.regex.Pattern;

/** Slack channel references: {@code #name} or a channel id such as {@code C0123ABCD}. */
public final class Channels {
  private static final Pattern NAME = Pattern.compile("#[a-z0-9][a-z0-9._-]{0,79}");
  private static final Pattern ID = Pattern.compile("[CG][A-Z0-9]{8,}");

  private Channels() {}

  public static boolean valid(String channel) {
    return NAME.matcher(channel).matches() || ID.matcher(channel).matches();
  }

  public static String problem(String channel) {
    return "\""
        + channel
        + "\" is not a Slack channel: write #name (lowercase, no spaces) or a channel id";
  }
}
