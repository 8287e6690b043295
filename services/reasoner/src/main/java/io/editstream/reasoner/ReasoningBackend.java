package io.editstream.reasoner;

import java.awt.image.BufferedImage;

/**
 * Where the reasoner's answers come from: the ONNX bundle in-process ({@link Reasoner}) or a vision-language
 * model behind an OpenAI-compatible chat-completions server ({@code openai.OpenAiReasoner}). Implementations are
 * thread-safe when the stage runs more than one loop.
 */
public interface ReasoningBackend extends AutoCloseable {

    Reasoning reason(BufferedImage image, String instruction);

    /** A line for the start-up log: which model, where. */
    String description();

    @Override
    void close();
}
