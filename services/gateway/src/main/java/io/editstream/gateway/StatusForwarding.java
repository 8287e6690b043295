package io.editstream.gateway;

import io.editstream.service.ApiError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactive queries across gateway replicas: a request about an edit whose status another replica holds
 * (Kafka Streams key metadata) is forwarded there and its answer streamed back as it comes (a status, an image, or
 * the server-sent events); one this replica holds, or one already forwarded, goes on to the local handler.
 */
final class StatusForwarding implements Handler<RoutingContext> {
    static final String FORWARDED = "x-editstream-forwarded";
    /** On a forwarded answer: which replica answered. */
    static final String ANSWERED_BY = "x-editstream-answered-by";
    private static final Logger LOG = LoggerFactory.getLogger(StatusForwarding.class);
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("Authorization", "X-API-Key");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "content-length");

    private final HttpClient client;
    private final StatusView view;

    StatusForwarding(HttpClient client, StatusView view) {
        this.client = client;
        this.view = view;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<HostInfo> owner = ctx.request().getHeader(FORWARDED) != null ? Optional.empty()
                : view.remoteOwner(ctx.pathParam("id"));
        if (owner.isEmpty()) {
            ctx.next();
        } else {
            forward(ctx, owner.get());
        }
    }

    private void forward(RoutingContext ctx, HostInfo owner) {
        String address = owner.host() + ":" + owner.port();
        HttpServerResponse out = ctx.response();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(owner.host()).setPort(owner.port())
                .setURI(ctx.request().uri()).putHeader(FORWARDED, "1");
        // the owner authenticates the caller again, so its credential goes with the question
        for (String credential : CREDENTIAL_HEADERS) {
            String value = ctx.request().getHeader(credential);
            if (value != null) {
                request.putHeader(credential, value);
            }
        }
        client.request(request).compose(req -> {
            out.closeHandler(v -> req.reset());   // the client went away: stop following upstream
            return req.send();
        }).onSuccess(upstream -> relay(upstream, out, address)).onFailure(e -> {
            LOG.warn("cannot forward {} to {}: {}", ctx.request().uri(), address, e.toString());
            ApiError.unavailable("the gateway replica " + address + " holding this edit cannot be reached: " + e.getMessage()).send(out);
        });
    }

    private static void relay(HttpClientResponse upstream, HttpServerResponse out, String address) {
        out.setStatusCode(upstream.statusCode()).putHeader(ANSWERED_BY, address);
        upstream.headers().forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                out.headers().add(name, value);
            }
        });
        String length = upstream.getHeader("content-length");
        if (length != null) {
            out.putHeader("content-length", length);
        } else {
            out.setChunked(true);
        }
        upstream.pipeTo(out);
    }
}
