package io.editstream.vlm;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Finds the JSON object in a model's text, as models write it when nothing constrains them: inside a
 * {@code ```json} fence, after a sentence of prose, after a {@code <think>…</think>} block, with single quotes,
 * unquoted keys, comments or trailing commas. The object is the first balanced {@code {…}} (braces inside strings
 * do not count) that parses; text that opens an object and ends before closing it is reported as truncated.
 */
public final class TolerantJson {
    private static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();
    private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");
    private static final int MAX_STARTS = 8;

    /** The object found ({@code null} when none), and whether the text broke off inside one. */
    public record Extracted(ObjectNode object, boolean truncated) {
    }

    private TolerantJson() {
    }

    public static Extracted extract(String text) {
        if (text == null) {
            return new Extracted(null, false);
        }
        String s = THINK.matcher(text).replaceAll("");
        boolean truncated = false;
        int from = 0;
        for (int tries = 0; tries < MAX_STARTS; tries++) {
            int start = s.indexOf('{', from);
            if (start < 0) {
                break;
            }
            int end = matchingBrace(s, start);
            if (end < 0) {
                truncated = true;
                break;
            }
            ObjectNode object = parse(s.substring(start, end + 1));
            if (object != null) {
                return new Extracted(object, false);
            }
            from = start + 1;
        }
        return new Extracted(null, truncated);
    }

    /** Index of the brace closing the one at {@code start}; -1 when the text ends first. */
    static int matchingBrace(String s, int start) {
        int depth = 0;
        char quote = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode parse(String candidate) {
        try {
            JsonNode node = LENIENT.readTree(candidate);
            return node instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }
}
