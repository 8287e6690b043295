package io.editstream.local;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, as Grafana and Prometheus rule files write them: what is left of the
 * identifiers once strings, label matchers ({@code {...}}), ranges ({@code [...]}), label lists of {@code by},
 * {@code without}, {@code on}, {@code ignoring}, {@code group_left/right}, Grafana variables ({@code $stage},
 * {@code ${stage}}, {@code $__rate_interval}) and Grafana's {@code label_values(metric, label)} label argument are
 * removed, minus function calls (an identifier followed by {@code (}) and keywords. Small on purpose: enough for
 * the expressions this project commits, so a test can hold every one of them against a real {@code /metrics}.
 */
final class PromQlMetricNames {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern COMMENT = Pattern.compile("#[^\\n]*");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("\\blabel_values\\s*\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)");
    /** An identifier not inside a number (1e3, 5m) and not part of a longer word. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][\\w:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
            "inf", "nan", "atan2", "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
            "bottomk", "topk", "quantile", "limitk", "limit_ratio");

    private PromQlMetricNames() {
    }

    static Set<String> of(String expression) {
        String s = STRING.matcher(expression).replaceAll(" ");
        s = COMMENT.matcher(s).replaceAll(" ");
        s = LABEL_VALUES.matcher(s).replaceAll("($1)");
        s = VARIABLE.matcher(s).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = LABEL_LIST.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            if (!KEYWORDS.contains(word.toLowerCase()) && !followedByParen(s, m.end())) {
                names.add(word);
            }
        }
        return names;
    }

    private static boolean followedByParen(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i < s.length() && s.charAt(i) == '(';
    }
}
