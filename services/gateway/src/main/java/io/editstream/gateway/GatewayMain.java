package io.editstream.gateway;

import io.editstream.service.ServiceHttp;

/** Runs the gateway alone, configured by its defaults file, EDITSTREAM_CONFIG and environment variables. */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.editstream.events");
        ServiceHttp.newVertx().deployVerticle(new GatewayVerticle())
                .onFailure(e -> {
                    System.err.println("gateway failed to start: " + e.getMessage());
                    System.exit(1);
                });
    }
}
