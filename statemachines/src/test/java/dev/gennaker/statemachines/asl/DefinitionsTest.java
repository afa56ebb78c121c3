package dev.gennaker.statemachines.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefinitionsTest {

  private static List<String> problems(String json) {
    return Definitions.validate(json.replace('\'', '"')).stream()
        .map(p -> p.code() + " " + p.location())
        .toList();
  }

  @Test
  void validDefinition_hasNoProblems() {
    assertThat(
            problems(
                "{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B'},'B':{'Type':'Succeed'}}}"))
        .isEmpty();
  }

  @Test
  void missingNextTarget_isLocated() {
    assertThat(problems("{'StartAt':'A','States':{'A':{'Type':'Pass','Next':'Nope'}}}"))
        .containsExactly("MISSING_TRANSITION_TARGET /States/A/Next");
  }

  @Test
  void unreachableState_isReported() {
    assertThat(
            problems(
                "{'StartAt':'A','States':{'A':{'Type':'Succeed'},'Island':{'Type':'Succeed'}}}"))
        .containsExactly("UNREACHABLE_STATE /States/Island");
  }

  @Test
  void neitherNextNorEnd_isReported() {
    assertThat(problems("{'StartAt':'A','States':{'A':{'Type':'Pass'}}}"))
        .containsExactly("SCHEMA_VALIDATION_FAILED /States/A/Next");
  }

  @Test
  void unknownStartAt_isReported() {
    assertThat(problems("{'StartAt':'X','States':{'A':{'Type':'Succeed'}}}"))
        .contains("MISSING_TRANSITION_TARGET /StartAt");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'Type':'Pass','End':true,'Resource':'x'}|SCHEMA_VALIDATION_FAILED /States/A/Resource",
        "{'Type':'Pass','End':true,'InputPath':'nope'}|INVALID_JSON_PATH /States/A/InputPath",
        "{'Type':'Pass','End':true,'ResultPath':'$..a'}|INVALID_JSON_PATH /States/A/ResultPath",
        "{'Type':'Pass','End':true,'Parameters':{'a.$':'nope'}}|INVALID_JSON_PATH /States/A/Parameters/a.$",
        "{'Type':'Pass','End':true,'Parameters':{'a.$':'States.Nope(1)'}}|INVALID_INTRINSIC_FUNCTION /States/A/Parameters/a.$",
        "{'Type':'Pass','End':true,'Parameters':{'a.$':'States.ArrayLength(1, 2)'}}|INVALID_INTRINSIC_FUNCTION /States/A/Parameters/a.$",
        "{'Type':'Task','End':true,'Resource':'arn:aws:sns:::publish'}|INVALID_RESOURCE /States/A/Resource",
        "{'Type':'Task','End':true,'Resource':'arn:aws:states:::lambda:invoke'}|SCHEMA_VALIDATION_FAILED /States/A/Parameters",
        "{'Type':'Task','End':true,'Resource':'arn:aws:states:::lambda:invoke','Parameters':{'FunctionName':'f'},'TimeoutSeconds':5,'TimeoutSecondsPath':'$.t'}|SCHEMA_VALIDATION_FAILED /States/A/TimeoutSecondsPath",
        "{'Type':'Task','End':true,'Resource':'arn:aws:lambda:us-east-1:123456789012:function:f','TimeoutSeconds':5,'HeartbeatSeconds':5}|SCHEMA_VALIDATION_FAILED /States/A/HeartbeatSeconds",
        "{'Type':'Task','End':true,'Resource':'arn:aws:lambda:us-east-1:123456789012:function:f','Retry':[{'ErrorEquals':['States.ALL','X']}]}|SCHEMA_VALIDATION_FAILED /States/A/Retry/0/ErrorEquals",
        "{'Type':'Task','End':true,'Resource':'arn:aws:lambda:us-east-1:123456789012:function:f','Retry':[{'ErrorEquals':['X'],'BackoffRate':0.5}]}|SCHEMA_VALIDATION_FAILED /States/A/Retry/0/BackoffRate",
        "{'Type':'Task','End':true,'Resource':'arn:aws:lambda:us-east-1:123456789012:function:f','Catch':[{'ErrorEquals':['X'],'Next':'Nope'}]}|MISSING_TRANSITION_TARGET /States/A/Catch/0/Next",
        "{'Type':'Wait','End':true}|SCHEMA_VALIDATION_FAILED /States/A",
        "{'Type':'Wait','End':true,'Seconds':1,'Timestamp':'2016-03-14T01:59:00Z'}|SCHEMA_VALIDATION_FAILED /States/A",
        "{'Type':'Wait','End':true,'Timestamp':'yesterday'}|SCHEMA_VALIDATION_FAILED /States/A/Timestamp",
        "{'Type':'Choice','Choices':[{'Variable':'$.a','Next':'A'}]}|SCHEMA_VALIDATION_FAILED /States/A/Choices/0",
        "{'Type':'Choice','Choices':[{'Variable':'$.a','NumericEquals':'1','Next':'A'}]}|SCHEMA_VALIDATION_FAILED /States/A/Choices/0/NumericEquals",
        "{'Type':'Choice','Choices':[{'Not':{'Variable':'$.a','IsNull':true,'Next':'A'},'Next':'A'}]}|SCHEMA_VALIDATION_FAILED /States/A/Choices/0/Not/Next",
        "{'Type':'Choice','Choices':[{'Variable':'$.a','IsNull':true}]}|SCHEMA_VALIDATION_FAILED /States/A/Choices/0/Next",
        "{'Type':'Choice','Choices':[{'Variable':'$.a','IsNull':true,'Next':'A'}],'End':true}|SCHEMA_VALIDATION_FAILED /States/A/End",
        "{'Type':'Parallel','End':true,'Branches':[{'StartAt':'X','States':{'X':{'Type':'Pass','Next':'A'}}}]}|MISSING_TRANSITION_TARGET /States/A/Branches/0/States/X/Next",
        "{'Type':'Map','End':true}|SCHEMA_VALIDATION_FAILED /States/A/ItemProcessor",
        "{'Type':'Map','End':true,'ItemReader':{},'ItemProcessor':{'StartAt':'X','States':{'X':{'Type':'Succeed'}}}}|SCHEMA_VALIDATION_FAILED /States/A/ItemReader",
        "{'Type':'Pass','End':true,'Output':'x'}|SCHEMA_VALIDATION_FAILED /States/A/Output",
        "{'Type':'Pass','End':true,'QueryLanguage':'JSONata','Parameters':{}}|SCHEMA_VALIDATION_FAILED /States/A/Parameters",
        "{'Type':'Pass','End':true,'QueryLanguage':'JSONata','Output':'{% $$$ +  %}'}|SCHEMA_VALIDATION_FAILED /States/A/Output",
        "{'Type':'Bogus'}|SCHEMA_VALIDATION_FAILED /States/A/Type",
      })
  void badState_isReportedAtItsLocation(String state, String expected) {
    assertThat(problems("{'StartAt':'A','States':{'A':" + state + "}}")).contains(expected);
  }

  @Test
  void notJson_isReported() {
    assertThat(Definitions.validate("{nope"))
        .extracting(Problem::code)
        .containsExactly("INVALID_JSON_DESCRIPTION");
  }

  @Test
  void parse_throwsWithEveryProblem() {
    assertThatThrownBy(
            () ->
                Definitions.parse(
                    "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"}}}"))
        .isInstanceOf(Definitions.InvalidDefinitionException.class)
        .hasMessageContaining(
            "MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next");
  }
}
