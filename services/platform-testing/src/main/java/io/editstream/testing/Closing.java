package io.editstream.testing;

/** Teardown of what a test class started: every resource is closed, in the order given, even when one fails. */
public final class Closing {
    private Closing() {
    }

    /** Closes each non-null resource in order; the first failure is rethrown once all have been tried. */
    public static void all(AutoCloseable... resources) {
        RuntimeException first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException("closing " + resource + " failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
