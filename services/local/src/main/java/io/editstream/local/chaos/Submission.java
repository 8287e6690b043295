package io.editstream.local.chaos;

/**
 * One request of the chaos load: how it was sent ({@code gateway} or {@code kafka}), its id once accepted (null
 * if it never was), when it was sent, how many times the gateway answered 503 (and whether every 503 carried
 * Retry-After), and the error that kept it from being accepted, if any.
 */
record Submission(int index, String path, String id, long sentAtMs, int refused503, boolean every503HadRetryAfter, String error) {
    boolean accepted() {
        return id != null;
    }
}
