package dev.gennaker.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {
  // Expected value computed independently (Python's hmac module) per Slack's v0 algorithm:
  // hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)).
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String TIMESTAMP = "1531420618";
  private static final byte[] BODY =
      ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
              + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
              + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
              + "commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
              + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c659f")
          .getBytes(StandardCharsets.UTF_8);
  private static final String SIGNATURE =
      "v0=3f5a498837ba41cd887c1acae4938778fc47ba98022df6410bdc859a56688281";

  @Test
  void matchesAnIndependentComputation() {
    assertThat(SlackSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    assertThat(SlackSignature.valid(SECRET, TIMESTAMP, BODY, SIGNATURE)).isTrue();
  }

  @Test
  void anyChange_invalidatesIt() {
    assertThat(SlackSignature.valid(SECRET, "1531420619", BODY, SIGNATURE)).isFalse();
    assertThat(SlackSignature.valid("another-secret", TIMESTAMP, BODY, SIGNATURE)).isFalse();
    assertThat(
            SlackSignature.valid(
                SECRET, TIMESTAMP, "x".getBytes(StandardCharsets.UTF_8), SIGNATURE))
        .isFalse();
    assertThat(SlackSignature.valid(SECRET, TIMESTAMP, BODY, SIGNATURE.toUpperCase())).isFalse();
    assertThat(SlackSignature.valid(SECRET, TIMESTAMP, BODY, null)).isFalse();
  }

  @Test
  void freshness_isFiveMinutesEitherWay() {
    Instant sent = Instant.ofEpochSecond(1531420618);

    assertThat(SlackSignature.fresh(TIMESTAMP, sent.plusSeconds(300))).isTrue();
    assertThat(SlackSignature.fresh(TIMESTAMP, sent.plusSeconds(301))).isFalse();
    assertThat(SlackSignature.fresh(TIMESTAMP, sent.minusSeconds(301))).isFalse();
    assertThat(SlackSignature.fresh("yesterday", sent)).isFalse();
  }
}
