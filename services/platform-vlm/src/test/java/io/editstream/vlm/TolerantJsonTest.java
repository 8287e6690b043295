package io.editstream.vlm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON object inside a model's free text, in the forms unconstrained models write it. */
class TolerantJsonTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain                | {"scenario": "CAUSAL"}
            fenced               | ```json\\n{"scenario": "CAUSAL"}\\n```
            after prose          | Sure! Here is the answer: {"scenario": "CAUSAL"} Hope it helps.
            after thinking       | <think>the {ball} falls</think>{"scenario": "CAUSAL"}
            single quotes        | {'scenario': 'CAUSAL'}
            unquoted keys        | {scenario: "CAUSAL",}
            comment              | {"scenario": "CAUSAL" /* the ball */}
            braces in a string   | {"rationale": "a } inside", "scenario": "CAUSAL"}
            a broken one first   | {not json at all} then {"scenario": "CAUSAL"}
            """)
    void findsTheObject(String form, String text) {
        TolerantJson.Extracted found = TolerantJson.extract(text.replace("\\n", "\n"));
        assertThat(found.object()).as(form).isNotNull();
        assertThat(found.object().get("scenario").asText()).isEqualTo("CAUSAL");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            cut off          | {"scenario": "CAU           | true
            cut in a string  | {"rationale": "a } and {    | true
            no object        | I cannot help with that.    | false
            an array only    | ["CAUSAL"]                  | false
            """)
    void saysWhenThereIsNone(String form, String text, boolean truncated) {
        TolerantJson.Extracted found = TolerantJson.extract(text);
        assertThat(found.object()).as(form).isNull();
        assertThat(found.truncated()).as(form).isEqualTo(truncated);
    }
}
