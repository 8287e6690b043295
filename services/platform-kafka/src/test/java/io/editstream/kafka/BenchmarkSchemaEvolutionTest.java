package io.editstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.editstream.events.EditScored;
import io.editstream.events.ImageRendered;
import java.util.Iterator;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

/**
 * The benchmark fields were added BACKWARD-compatibly: today's readers resolve records written before
 * {@code RequestContext.benchmark} and {@code ImageRendered.sourceLatentL2} existed (both default to null).
 */
class BenchmarkSchemaEvolutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The schema as it was before {@code field} was added to {@code record} (wherever that record sits). */
    private static Schema without(Schema current, String record, String field) throws Exception {
        JsonNode tree = JSON.readTree(current.toString());
        strip(tree, record, field);
        return new Schema.Parser().parse(tree.toString());
    }

    private static void strip(JsonNode node, String record, String field) {
        if (node instanceof ObjectNode o && "record".equals(o.path("type").asText()) && record.equals(o.path("name").asText())) {
            for (Iterator<JsonNode> it = o.withArray("fields").elements(); it.hasNext(); ) {
                if (field.equals(it.next().path("name").asText())) {
                    it.remove();
                }
            }
        }
        if (node instanceof ObjectNode || node instanceof ArrayNode) {
            node.forEach(child -> strip(child, record, field));
        }
    }

    private static void assertReadable(Schema current, Schema old) {
        assertThat(old.toString()).isNotEqualTo(current.toString());
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void eventsWrittenBeforeTheBenchmarkTagAreStillRead() throws Exception {
        assertReadable(EditScored.getClassSchema(), without(EditScored.getClassSchema(), "RequestContext", "benchmark"));
    }

    @Test
    void renderingsWrittenBeforeTheLatentDistanceAreStillRead() throws Exception {
        assertReadable(ImageRendered.getClassSchema(), without(ImageRendered.getClassSchema(), "ImageRendered", "sourceLatentL2"));
    }
}
