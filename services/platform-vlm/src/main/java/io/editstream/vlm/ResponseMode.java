package io.editstream.vlm;

/**
 * How the answer's JSON is asked for: constrained by a JSON schema ({@code response_format: json_schema}, vLLM,
 * SGLang, recent llama.cpp and Ollama), as any JSON object ({@code json_object}, which llama.cpp also constrains by
 * the schema sent beside it), or by the prompt alone. Each falls back to the next when a server refuses it; the
 * answer is parsed tolerantly in every mode.
 */
public enum ResponseMode {
    JSON_SCHEMA("json_schema"), JSON_OBJECT("json_object"), PROMPT_ONLY("none");

    private final String label;

    ResponseMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The weaker mode to try when a server refuses this one; null after the prompt alone. */
    public ResponseMode next() {
        return this == JSON_SCHEMA ? JSON_OBJECT : this == JSON_OBJECT ? PROMPT_ONLY : null;
    }

    /** The mode of a {@code responseFormat} label; null when it names none. */
    static ResponseMode parse(String label) {
        for (ResponseMode mode : values()) {
            if (mode.label.equals(label)) {
                return mode;
            }
        }
        return null;
    }
}
