package io.editstream.enhancer;

import io.editstream.service.ServiceHttp;

/** Runs the enhancer alone, configured by its defaults file, EDITSTREAM_CONFIG and environment variables. */
public final class EnhancerMain {
    private EnhancerMain() {
    }

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.editstream.events");
        ServiceHttp.newVertx().deployVerticle(new EnhancerVerticle()).onFailure(e -> {
            System.err.println("enhancer failed to start: " + e.getMessage());
            System.exit(1);
        });
    }
}
