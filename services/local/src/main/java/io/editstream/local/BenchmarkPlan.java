package io.editstream.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Which requests a benchmark run sends. Every item gets its edit at the base seed; an item with a
 * no-change instruction gets, for each of the {@code seeds} noise samples (base, base+1, ...), its edit and
 * its no-change instruction as two ordinary requests with the same seed, hence the same initial noise —
 * AURORA's DiscEdit protocol (4 samples per item) without a special path through the pipeline.
 */
public final class BenchmarkPlan {
    public static final String EDIT = "edit";
    public static final String NO_CHANGE = "no_change";

    /** One request: the item, its seed, edit or no_change, and the instruction sent. */
    public record Request(BenchmarkFile.Item item, long seed, String variant, String instruction) {
        /** A stable name for logs and reports: item/seed/variant. */
        public String label() {
            return item.id() + "/" + seed + "/" + variant;
        }
    }

    private BenchmarkPlan() {
    }

    public static List<Request> requests(List<BenchmarkFile.Item> items, long baseSeed, int seeds) {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1");
        }
        List<Request> out = new ArrayList<>();
        for (BenchmarkFile.Item item : items) {
            boolean discEdit = item.noChangeInstruction() != null;
            for (int s = 0; s < (discEdit ? seeds : 1); s++) {
                out.add(new Request(item, baseSeed + s, EDIT, item.instruction()));
                if (discEdit) {
                    out.add(new Request(item, baseSeed + s, NO_CHANGE, item.noChangeInstruction()));
                }
            }
        }
        return out;
    }
}
