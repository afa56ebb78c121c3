package dev.gennaker.core.pipeline.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TemplateTest {
  @Test
  void splitsLiteralsAndExpressions_withOffsets() {
    assertThat(Template.parse("a ${x.y} b"))
        .containsExactly(
            new Template.Literal("a "),
            new Template.Expression("x.y", 4),
            new Template.Literal(" b"));
  }

  @Test
  void honoursBracesAndQuotesInsideExpressions() {
    assertThat(Template.parse("${ {'}': 1}['}'] }"))
        .containsExactly(new Template.Expression(" {'}': 1}['}'] ", 2));
  }

  @Test
  void reportsUnclosedAndEmptyExpressions() {
    assertThatThrownBy(() -> Template.parse("x ${a"))
        .isInstanceOf(Template.InvalidTemplateException.class)
        .hasMessage("\"${\" is never closed with \"}\"");
    assertThatThrownBy(() -> Template.parse("${ }")).hasMessage("empty expression \"${}\"");
  }
}
