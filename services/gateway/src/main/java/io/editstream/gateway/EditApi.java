package io.editstream.gateway;

import io.editstream.auth.Caller;
import io.editstream.auth.CallerHandler;
import io.editstream.auth.TenantQuotas;
import io.editstream.events.EditStatus;
import io.editstream.service.ApiError;
import io.editstream.service.ServiceHttp;
import io.editstream.service.ObjectDownload;
import io.editstream.service.ValidationException;
import io.editstream.storage.ObjectStore;
import io.editstream.tracing.TraceLogs;
import io.editstream.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP routes of the edit API: submit (multipart), status, result and source images, and a server-sent-event
 * stream of status changes. Blocking work (decoding, S3) runs on worker threads and the broker's acknowledgement is
 * awaited as a future; a question about an edit another replica holds is forwarded there ({@link StatusForwarding});
 * every refusal is an {@link ApiError} with a 4xx status. The caller's tenant decides what it sees: another tenant's
 * edit answers 404 exactly as a missing one does, so its existence is not confirmed; each tenant's submissions pass its
 * quota ({@link TenantQuotas}) or get 429 with Retry-After.
 */
public final class EditApi {
    private static final Logger LOG = LoggerFactory.getLogger(EditApi.class);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final EditSubmitter submitter;
    private final StatusView view;
    private final UploadValidator validator;
    private final ObjectDownload downloads;
    private final TenantQuotas quotas;
    private final TenantMetrics metrics;

    public EditApi(Vertx vertx, GatewayConfig config, EditSubmitter submitter, StatusView view, ObjectStore store,
                   TenantQuotas quotas) {
        this.vertx = vertx;
        this.config = config;
        this.submitter = submitter;
        this.view = view;
        this.validator = new UploadValidator(config.limits());
        this.downloads = new ObjectDownload(vertx, store);
        this.quotas = quotas;
        this.metrics = new TenantMetrics(ServiceHttp.meterRegistry(), quotas);
    }

    public void mount(Router router, Path uploadsDir, StatusListeners listeners) {
        router.post("/v1/edits").handler(BodyHandler.create(uploadsDir.toString()).setBodyLimit(bodyLimit())
                .setDeleteUploadedFilesOnEnd(true).setHandleFileUploads(true));
        router.post("/v1/edits").handler(this::submit);
        StatusForwarding forwarding = new StatusForwarding(vertx.createHttpClient(), view);
        StatusEvents events = new StatusEvents(vertx, view, listeners);
        vertx.setPeriodic(1000, t -> vertx.executeBlocking(this::releaseFinished, false));
        router.get("/v1/edits/:id").handler(forwarding).handler(this::status);
        router.get("/v1/edits/:id/image").handler(forwarding).handler(ctx -> image(ctx, "output"));
        router.get("/v1/edits/:id/source").handler(forwarding).handler(ctx -> image(ctx, "source"));
        router.get("/v1/edits/:id/events").handler(forwarding).handler(events::handle);
        router.route("/v1/*").failureHandler(this::failure);
    }

    /** The body limit covers the image and the optional reference plus the text fields. */
    private long bodyLimit() {
        return 2 * config.limits().maxUploadBytes() + 64 * 1024;
    }

    private void submit(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
            refuse(ctx, new ValidationException(415, "unsupported_media_type",
                    "send multipart/form-data with an 'image' file (" + UploadValidator.ACCEPTED + ") and an 'instruction' field"));
            return;
        }
        Map<String, String> fields = new HashMap<>();
        Map<String, Path> files = new HashMap<>();
        try {
            ctx.request().formAttributes().forEach(e -> {
                if (fields.put(e.getKey(), e.getValue()) != null) {
                    throw UploadValidator.duplicateField(e.getKey());
                }
            });
            for (FileUpload upload : ctx.fileUploads()) {
                if (files.put(upload.name(), Path.of(upload.uploadedFileName())) != null || fields.containsKey(upload.name())) {
                    throw UploadValidator.duplicateField(upload.name());
                }
            }
        } catch (ValidationException e) {
            refuse(ctx, e);
            return;
        }
        String tenant;
        try {
            tenant = SubmitTenant.resolve(CallerHandler.caller(ctx), fields);
        } catch (ValidationException e) {
            refuse(ctx, e);
            return;
        }
        var refusal = quotas.admit(tenant);
        if (refusal.isPresent()) {
            metrics.count(tenant, "rate_limited");
            long seconds = Math.max(1, (refusal.get().retryAfter().toMillis() + 999) / 1000);
            LOG.info("refused an edit of tenant {} with 429: over its {}", tenant, refusal.get().limit());
            ctx.response().putHeader("Retry-After", Long.toString(seconds));
            new ApiError(429, "rate_limited", "tenant " + tenant + " is over its " + refusal.get().limit()
                    + "; retry after " + seconds + " s").send(ctx);
            return;
        }
        // decoding and S3 block, so a worker runs them and hands off the send; the broker's ack completes a future
        // a caller's own W3C trace context is continued, so EditStream shows up inside the caller's trace
        String traceparent = ctx.request().getHeader(Tracing.TRACEPARENT);
        vertx.executeBlocking(() -> submitter.submit(validator.validate(fields, files), traceparent), false)
                .compose(acked -> Future.fromCompletionStage(acked, ctx.vertx().getOrCreateContext()))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        quotas.started(tenant, result.result().id());
                    } else {
                        quotas.abandoned(tenant);
                    }
                    metrics.count(tenant, result.succeeded() ? "accepted" : "refused");
                })
                .onSuccess(submitted -> {
                    String id = submitted.id();
                    try (TraceLogs logs = TraceLogs.of(submitted.traceId())) {
                        LOG.info("accepted edit {} of tenant {}", id, tenant);
                    }
                    ctx.response().setStatusCode(202).putHeader("Location", "/v1/edits/" + id);
                    ctx.json(new JsonObject().put("id", id).put("traceId", submitted.traceId()).put("status", "/v1/edits/" + id)
                            .put("events", "/v1/edits/" + id + "/events"));
                }).onFailure(e -> {
                    if (e instanceof ValidationException v) {
                        refuse(ctx, v);
                    } else {
                        LOG.warn("refused an edit request with 503: it could not be stored: {}", e.toString());
                        ApiError.unavailable("the request could not be stored: " + e.getMessage()).send(ctx);
                    }
                });
    }

    /** Frees the quota slots of this replica's edits whose status here has become terminal. */
    private Void releaseFinished() {
        quotas.inFlightIds().forEach((tenant, ids) -> ids.forEach(id -> {
            EditStatus status = view.get(id);
            if (status != null && StatusFolder.terminal(status.getState())) {
                quotas.finished(tenant, id);
            }
        }));
        return null;
    }

    /** The status of {@code id} as the caller may see it: null when there is none, or it is another tenant's. */
    static EditStatus visible(RoutingContext ctx, EditStatus status) {
        Caller caller = CallerHandler.caller(ctx);
        return status == null || !caller.mayRead(status.getTenant()) ? null : status;
    }

    private void status(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        EditStatus status = visible(ctx, view.get(id));
        if (status == null) {
            ApiError.notFound("no edit " + id).send(ctx);
            return;
        }
        ctx.json(StatusJson.render(status));
    }

    private void image(RoutingContext ctx, String which) {
        String id = ctx.pathParam("id");
        EditStatus status = visible(ctx, view.get(id));
        String uri = status == null ? null : which.equals("output") ? status.getOutput() : status.getSource();
        if (uri == null) {
            ApiError.notFound(status == null ? "no edit " + id
                    : "edit " + id + " has no " + (which.equals("output") ? "result image yet (state " + status.getState() + ")" : which))
                    .send(ctx);
            return;
        }
        downloads.sendImage(ctx.response(), uri);
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        String code = status == 413 ? "payload_too_large" : status < 500 ? "invalid_request" : "internal_error";
        String reason = status == 413 ? "the request body is larger than " + bodyLimit()
                + " bytes (images are limited to " + config.limits().maxUploadBytes() + " bytes each)"
                : ctx.failure() == null ? "request failed" : ctx.failure().getMessage();
        if (status >= 500) {
            LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        }
        new ApiError(status, code, reason).send(ctx);
    }

    private static void refuse(RoutingContext ctx, ValidationException e) {
        LOG.info("refused edit request: {} ({})", e.code(), e.getMessage());
        e.error().send(ctx);
    }
}
