package io.editstream.testing;

import io.vertx.core.json.JsonObject;

/**
 * The exact bodies the OpenAI-compatible servers people deploy answer with, for a {@link StubChatServer} to serve:
 * vLLM's {@code chat.completion} (with {@code reasoning_content}, {@code stop_reason}, {@code prompt_logprobs}),
 * llama.cpp server's (keys in its order, {@code system_fingerprint} of the build, {@code timings}, the model named
 * {@code gpt-3.5-turbo} unless an alias is set) and its errors, Ollama's ({@code system_fingerprint: fp_ollama}),
 * and each one's {@code /v1/models} list. {@code content} is a JSON value as written into the body: a string literal
 * ({@link #quoted}) or {@code null}.
 */
public final class StandInBodies {
    public static final String VLLM_MODEL = "Qwen/Qwen2.5-VL-7B-Instruct";
    public static final String VLLM_MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"Qwen/Qwen2.5-VL-7B-Instruct\",\"object\":\"model\","
            + "\"created\":1737043200,\"owned_by\":\"vllm\",\"root\":\"Qwen/Qwen2.5-VL-7B-Instruct\",\"parent\":null,\"max_model_len\":32768}]}";
    public static final String LLAMA_CPP_MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5-vl-7b.gguf\",\"object\":\"model\","
            + "\"created\":1737043200,\"owned_by\":\"llamacpp\",\"meta\":{\"n_ctx_train\":128000}}]}";
    public static final String OLLAMA_MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5vl:7b\",\"object\":\"model\","
            + "\"created\":1737043200,\"owned_by\":\"library\"}]}";

    private StandInBodies() {
    }

    /** {@code text} as a JSON string literal, to put an answer inside a completion body. */
    public static String quoted(String text) {
        String object = new JsonObject().put("c", text).encode();
        return object.substring("{\"c\":".length(), object.length() - 1);
    }

    public static String vllm(String content, String finish) {
        return "{\"id\":\"chatcmpl-9f1c2e0b4c6a4a8e9d0f3b2a1c5d7e8f\",\"object\":\"chat.completion\",\"created\":1737043200,"
                + "\"model\":\"" + VLLM_MODEL + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"reasoning_content\":null,\"content\":" + content + ",\"tool_calls\":[]},\"logprobs\":null,\"finish_reason\":\""
                + finish + "\",\"stop_reason\":null}],\"usage\":{\"prompt_tokens\":512,\"total_tokens\":560,\"completion_tokens\":48,"
                + "\"prompt_tokens_details\":null},\"prompt_logprobs\":null}";
    }

    public static String llamaCpp(String content, String finish) {
        return "{\"choices\":[{\"finish_reason\":\"" + finish + "\",\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + content
                + "}}],\"created\":1737043200,\"model\":\"gpt-3.5-turbo\",\"system_fingerprint\":\"b4521-6171c9d2\",\"object\":\"chat.completion\","
                + "\"usage\":{\"completion_tokens\":60,\"prompt_tokens\":700,\"total_tokens\":760},\"id\":\"chatcmpl-QbXc1Yk3bTqS0mWnA9vP2rGhE7uJfL4d\","
                + "\"timings\":{\"prompt_n\":700,\"prompt_ms\":512.3,\"predicted_n\":60,\"predicted_ms\":1200.5}}";
    }

    /** llama.cpp server's error body. */
    public static String llamaCppError(int code, String message, String type) {
        return "{\"error\":{\"code\":" + code + ",\"message\":" + quoted(message) + ",\"type\":\"" + type + "\"}}";
    }

    public static String ollama(String content, String finish) {
        return "{\"id\":\"chatcmpl-312\",\"object\":\"chat.completion\",\"created\":1737043200,\"model\":\"qwen2.5vl:7b\","
                + "\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + content
                + "},\"finish_reason\":\"" + finish + "\"}],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":50,\"total_tokens\":80}}";
    }
}
