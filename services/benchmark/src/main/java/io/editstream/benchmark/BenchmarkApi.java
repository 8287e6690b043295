package io.editstream.benchmark;

import io.editstream.auth.Caller;
import io.editstream.auth.CallerHandler;
import io.editstream.events.RatingSubmitted;
import io.editstream.service.ApiError;
import io.editstream.service.ObjectDownload;
import io.editstream.service.ValidationException;
import io.editstream.storage.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark routes: a run's aggregated report ({@code GET /v1/benchmarks/{run}}), its entries and
 * their images (for the rating page), the human rating endpoint ({@code POST /v1/ratings}) and the rating
 * page itself ({@code GET /rate?run=...}). Rules live in {@link BenchmarkSummary} and {@link RatingParser}.
 * A caller sees only its tenant's entries of a run (another tenant's run answers 404 like a missing one); a rating
 * must name edits of the run the caller can see, and an authenticated rating is attributed to its credential.
 */
public final class BenchmarkApi {
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkApi.class);

    private final Vertx vertx;
    private final BenchmarkView view;
    private final RatingPublisher ratings;
    private final ObjectDownload downloads;

    public BenchmarkApi(Vertx vertx, BenchmarkView view, RatingPublisher ratings, ObjectStore store) {
        this.vertx = vertx;
        this.view = view;
        this.ratings = ratings;
        this.downloads = new ObjectDownload(vertx, store);
    }

    public void mount(Router router) {
        router.get("/v1/benchmarks/:run").handler(this::report);
        router.get("/v1/benchmarks/:run/items").handler(this::items);
        router.get("/v1/benchmarks/:run/items/:id/:which").handler(this::image);
        router.post("/v1/ratings").handler(BodyHandler.create(false).setBodyLimit(4096));
        router.post("/v1/ratings").handler(this::rate);
        router.get("/rate").handler(ctx -> ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                .sendFile("webroot/rate.html"));
        // the page's scripts, so it also works where the benchmark routes are mounted without the gateway's files
        router.get("/rate.js").handler(ctx -> ctx.response().sendFile("webroot/rate.js"));
        router.get("/pages.js").handler(ctx -> ctx.response().sendFile("webroot/pages.js"));
    }

    /** The entries of {@code run} the caller may see. */
    private io.vertx.core.Future<List<JsonObject>> visibleEntries(RoutingContext ctx, String run) {
        Caller caller = CallerHandler.caller(ctx);
        return vertx.executeBlocking(() -> view.entries(run).stream().filter(e -> caller.mayRead(e.getString("tenant"))).toList(),
                false);
    }

    private void report(RoutingContext ctx) {
        String run = ctx.pathParam("run");
        visibleEntries(ctx, run).onSuccess(entries -> {
            if (entries.isEmpty()) {
                notFound(ctx, "no benchmark run " + run + " (yet)");
            } else {
                ctx.json(BenchmarkSummary.summarize(run, entries));
            }
        }).onFailure(ctx::fail);
    }

    private void items(RoutingContext ctx) {
        String run = ctx.pathParam("run");
        visibleEntries(ctx, run).onSuccess(entries -> {
            if (entries.isEmpty()) {
                notFound(ctx, "no benchmark run " + run + " (yet)");
                return;
            }
            List<JsonObject> sorted = entries.stream().sorted(Comparator.comparing((JsonObject e) -> e.getString("item", ""))
                    .thenComparing(e -> e.getLong("seed", 0L)).thenComparing(e -> e.getString("variant", ""))
                    .thenComparing(e -> e.getString("modelTag", ""))).toList();
            ctx.json(new JsonObject().put("run", run).put("items", new JsonArray(sorted)));
        }).onFailure(ctx::fail);
    }

    private void image(RoutingContext ctx) {
        String run = ctx.pathParam("run");
        String id = ctx.pathParam("id");
        String which = ctx.pathParam("which");
        if (!List.of("source", "output", "reference").contains(which)) {
            notFound(ctx, "images are source, output or reference");
            return;
        }
        visibleEntries(ctx, run).onSuccess(entries -> {
            String uri = entries.stream().filter(e -> id.equals(e.getString("requestId")))
                    .map(e -> e.getString(which)).filter(u -> u != null).findFirst().orElse(null);
            if (uri == null) {
                notFound(ctx, "run " + run + " has no " + which + " image for " + id);
            } else {
                downloads.sendImage(ctx.response(), uri);
            }
        }).onFailure(ctx::fail);
    }

    private void rate(RoutingContext ctx) {
        Caller caller = CallerHandler.caller(ctx);
        RatingSubmitted rating = parsedRating(ctx, caller);
        if (rating == null) {
            return;
        }
        visibleEntries(ctx, rating.getRun()).compose(entries -> {
            String missing = RatingTargets.missing(rating, entries);
            if (missing != null) {
                return Future.failedFuture(new ValidationException(404, "not_found", missing));
            }
            return vertx.executeBlocking(() -> ratings.publish(rating), false);
        })
                .compose(acked -> Future.fromCompletionStage(acked, ctx.vertx().getOrCreateContext()))
                .map(acked -> rating.getEventId()).onSuccess(id -> {
            LOG.info("rating {} of {} by {}: {}", id, rating.getRequestId(), rating.getRater(), rating.getScore());
            ctx.response().setStatusCode(202);
            ctx.json(new JsonObject().put("id", id));
        }).onFailure(e -> {
            if (e instanceof ValidationException v) {
                v.error().send(ctx);
                return;
            }
            LOG.error("cannot store a rating", e);
            ApiError.unavailable("the rating could not be stored: " + e.getMessage()).send(ctx);
        });
    }

    /** The posted rating, or null after answering 400 with the reason. */
    private static RatingSubmitted parsedRating(RoutingContext ctx, Caller caller) {
        try {
            JsonObject body;
            try {
                body = ctx.body().asJsonObject();
            } catch (RuntimeException e) {
                throw ValidationException.badRequest("invalid_rating", "the body is not a JSON object");
            }
            if (caller.authenticated() && body != null) {
                // attributed to the credential, whatever name the page sent
                body.put("rater", caller.name());
            }
            RatingSubmitted rating = RatingParser.parse(body);
            caller.tenant().ifPresent(rating::setTenant);
            return rating;
        } catch (ValidationException e) {
            e.error().send(ctx);
            return null;
        }
    }

    private static void notFound(RoutingContext ctx, String reason) {
        ApiError.notFound(reason).send(ctx);
    }
}
