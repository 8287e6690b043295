package io.editstream.renderer;

import io.editstream.service.ServiceHttp;

/** Runs the diffusion renderer alone, configured by its defaults file, EDITSTREAM_CONFIG and environment variables. */
public final class RendererMain {
    private RendererMain() {
    }

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.editstream.events");
        ServiceHttp.newVertx().deployVerticle(new RendererVerticle()).onFailure(e -> {
            System.err.println("diffusion-renderer failed to start: " + e.getMessage());
            System.exit(1);
        });
    }
}
