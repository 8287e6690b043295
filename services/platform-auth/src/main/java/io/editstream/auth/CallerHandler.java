package io.editstream.auth;

import io.editstream.service.ApiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every API route: it authenticates the request and keeps the {@link Caller} on the routing
 * context for the handlers after it ({@link #caller}); a request without a valid credential ends here with 401 and
 * a JSON reason, before anything is parsed or stored.
 */
public final class CallerHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(CallerHandler.class);
    private static final String KEY = "editstream.caller";

    private final Authenticator authenticator;
    private final String scheme;

    public CallerHandler(Authenticator authenticator, AuthMode mode) {
        this.authenticator = authenticator;
        this.scheme = mode == AuthMode.JWT ? "Bearer" : "Bearer realm=\"editstream\", ApiKey";
    }

    @Override
    public void handle(RoutingContext ctx) {
        // the body arrives only after the answer: pause it, so a refused upload is not read into memory first
        ctx.request().pause();
        authenticator.authenticate(ctx.request()).onComplete(result -> {
            ctx.request().resume();
            if (result.succeeded()) {
                ctx.put(KEY, result.result());
                ctx.next();
            } else if (result.cause() instanceof AuthException e) {
                LOG.info("refused {} {} with 401: {}", ctx.request().method(), ctx.request().path(), e.getMessage());
                ctx.response().putHeader("WWW-Authenticate", scheme);
                new ApiError(401, "unauthenticated", e.getMessage()).send(ctx);
            } else {
                LOG.warn("cannot check a credential: {}", result.cause().toString());
                ApiError.unavailable("the credential cannot be checked now: " + result.cause().getMessage()).send(ctx);
            }
        });
    }

    /** The caller of a request that went through a {@code CallerHandler}; anonymous where none ran. */
    public static Caller caller(RoutingContext ctx) {
        Caller caller = ctx.get(KEY);
        return caller == null ? Caller.anonymous() : caller;
    }
}
