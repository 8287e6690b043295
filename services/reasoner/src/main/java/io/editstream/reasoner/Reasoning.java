package io.editstream.reasoner;

import io.editstream.events.ReasoningType;
import io.editstream.onnx.FloatTensor;
import java.util.List;

/**
 * What a reasoner backend made of one request: the explicit instruction, ReasonBrain's scenario and how sure it
 * is, the guidance token states [1, G, D] ({@code null} from a backend without hidden states), the objects the
 * edit touches and a short rationale (empty when the backend gives none), and the model that answered.
 */
public record Reasoning(String explicitInstruction, ReasoningType type, float confidence, FloatTensor guidance,
                        List<String> objects, String rationale, String modelId, String modelVersion) {
    public Reasoning {
        objects = List.copyOf(objects);
        rationale = rationale == null ? "" : rationale;
    }
}
