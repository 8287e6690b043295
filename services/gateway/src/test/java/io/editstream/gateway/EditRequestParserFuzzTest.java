package io.editstream.gateway;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.editstream.service.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes the multipart field parser: whatever the fields and their values, {@link EditRequestParser#parse} returns a
 * request within its limits or throws its {@link ValidationException} (a 400 with a reason); any other exception, a
 * hang or an out-of-memory is a bug. Field names are mostly the accepted ones, so the fuzzer reaches the value checks.
 * The committed inputs under {@code EditRequestParserFuzzTestInputs/} replay in every test run.
 */
class EditRequestParserFuzzTest {
    private static final int MAX_CHARS = 500;
    private static final List<String> TEXT = new ArrayList<>(EditRequestParser.TEXT_FIELDS.stream().sorted().toList());
    private static final List<String> FILES = new ArrayList<>(EditRequestParser.FILE_FIELDS.stream().sorted().toList());
    private static final EditRequestParser PARSER = new EditRequestParser(MAX_CHARS);

    @FuzzTest(maxDuration = "30s")
    void parseRefusesOnlyWithValidationException(FuzzedDataProvider data) {
        Set<String> files = new HashSet<>();
        for (String f : FILES) {
            if (data.consumeBoolean()) {
                files.add(f);
            }
        }
        if (data.consumeInt(0, 9) == 0) {
            files.add(data.consumeString(12));
        }
        Map<String, String> fields = new HashMap<>();
        int count = data.consumeInt(0, 10);
        for (int i = 0; i < count; i++) {
            String name = data.consumeInt(0, 7) == 0 ? data.consumeString(16) : TEXT.get(data.consumeInt(0, TEXT.size() - 1));
            fields.put(name, data.consumeString(2 * MAX_CHARS));
        }
        try {
            EditRequestParser.ParsedRequest request = PARSER.parse(fields, files);
            String instruction = request.instruction();
            if (instruction.isBlank() || instruction.length() > MAX_CHARS) {
                throw new AssertionError("accepted an instruction of " + instruction.length() + " characters");
            }
            if (request.tenant() == null || request.options() == null) {
                throw new AssertionError("accepted a request without a tenant or options: " + request);
            }
        } catch (ValidationException expected) {
            if (expected.status() != 400) {
                throw new AssertionError("refused with " + expected.status() + ", not 400: " + expected.getMessage());
            }
        }
    }
}
