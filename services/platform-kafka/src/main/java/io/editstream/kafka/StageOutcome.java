package io.editstream.kafka;

/**
 * What became of one input record: an output to publish, or a failure. A failure is either
 * {@link Kind#DEAD_LETTERED} (the input itself is bad: undecodable or rejected by the handler, so retrying
 * is pointless) or {@link Kind#FAILED} (the handler kept failing until its attempts ran out). Both kinds
 * end the request: the raw record goes to the dead-letter topic and an EditFailed to the failed topic.
 */
public sealed interface StageOutcome<O> {

    int MAX_REASON = 1000;

    /** Metric label of this outcome: ok, failed or dead_lettered. */
    String label();

    record Produced<O>(O value, int attempts) implements StageOutcome<O> {
        @Override
        public String label() {
            return "ok";
        }
    }

    record Failed<O>(Kind kind, Throwable cause, int attempts) implements StageOutcome<O> {
        @Override
        public String label() {
            return kind == Kind.DEAD_LETTERED ? "dead_lettered" : "failed";
        }

        /** A one-line reason for people reading the failed status: the class and message of the cause. */
        public String reason() {
            String message = cause.getMessage();
            String base = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
            String reason = kind == Kind.FAILED ? "gave up after " + attempts + " attempts: " + base : base;
            // Messages can embed whole payloads; a status line and a header must stay small.
            return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "...";
        }
    }

    enum Kind { DEAD_LETTERED, FAILED }
}
