package io.editstream.gateway;

import io.editstream.service.ValidationException;
import io.editstream.service.ApiError;
import io.editstream.service.ObjectDownload;
import io.editstream.storage.ObjectStore;
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
 * The HTTP routes of the edit API: submit (multipart), status, result and source images, and a
 * server-sent-event stream of status changes. Blocking work (decoding, S3, Kafka acks) runs on worker
 * threads; every refusal is a JSON body {@code {"error", "reason"}} with a 4xx status.
 */
public final class EditApi {
    private static final Logger LOG = LoggerFactory.getLogger(EditApi.class);
    private static final long SSE_POLL_MS = 200;
    private static final long SSE_MAX_MS = 30 * 60 * 1000;

    private final Vertx vertx;
    private final GatewayConfig config;
    private final EditSubmitter submitter;
    private final StatusView view;
    private final UploadValidator validator;
    private final ObjectDownload downloads;

    public EditApi(Vertx vertx, GatewayConfig config, EditSubmitter submitter, StatusView view, ObjectStore store) {
        this.vertx = vertx;
        this.config = config;
        this.submitter = submitter;
        this.view = view;
        this.validator = new UploadValidator(config.limits());
        this.downloads = new ObjectDownload(vertx, store);
    }

    public void mount(Router router, Path uploadsDir) {
        // the body limit covers the image and the optional reference plus the text fields
        long bodyLimit = 2 * config.limits().maxUploadBytes() + 64 * 1024;
        router.post("/v1/edits").handler(BodyHandler.create(uploadsDir.toString()).setBodyLimit(bodyLimit)
                .setDeleteUploadedFilesOnEnd(true).setHandleFileUploads(true));
        router.post("/v1/edits").handler(this::submit);
        router.get("/v1/edits/:id").handler(this::status);
        router.get("/v1/edits/:id/image").handler(ctx -> image(ctx, "output"));
        router.get("/v1/edits/:id/source").handler(ctx -> image(ctx, "source"));
        router.get("/v1/edits/:id/events").handler(this::events);
        router.route("/v1/*").failureHandler(this::failure);
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
        // decoding, S3 and the broker's acknowledgement all block: a worker runs them, in that order
        vertx.executeBlocking(() -> submitter.submit(validator.validate(fields, files)), false).onSuccess(id -> {
            LOG.info("accepted edit {}", id);
            ctx.response().setStatusCode(202).putHeader("Location", "/v1/edits/" + id);
            ctx.json(new JsonObject().put("id", id).put("status", "/v1/edits/" + id).put("events", "/v1/edits/" + id + "/events"));
        }).onFailure(e -> {
            if (e instanceof ValidationException v) {
                refuse(ctx, v);
            } else {
                LOG.error("cannot accept an edit request", e);
                ApiError.unavailable("the request could not be stored: " + e.getMessage()).send(ctx);
            }
        });
    }

    private void status(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject status = view.get(id);
        if (status == null) {
            notFound(ctx, id);
            return;
        }
        ctx.json(withLinks(status));
    }

    private void image(RoutingContext ctx, String which) {
        String id = ctx.pathParam("id");
        JsonObject status = view.get(id);
        String uri = status == null ? null : status.getString(which);
        if (uri == null) {
            ApiError.notFound(status == null ? "no edit " + id
                    : "edit " + id + " has no " + (which.equals("output") ? "result image yet (state " + status.getString("state") + ")" : which))
                    .send(ctx);
            return;
        }
        downloads.sendImage(ctx.response(), uri);
    }

    /** Server-sent events: a {@code status} event whenever the document changes, closed after a terminal state. */
    private void events(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        var response = ctx.response().setChunked(true).putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
        long started = System.currentTimeMillis();
        String[] last = {null};
        long timer = vertx.setPeriodic(0, SSE_POLL_MS, t -> {
            JsonObject status = view.get(id);
            String json = status == null ? null : withLinks(status).encode();
            if (json != null && !json.equals(last[0])) {
                last[0] = json;
                response.write("event: status\ndata: " + json + "\n\n");
            }
            boolean terminal = status != null && (StatusFolder.SCORED.equals(status.getString("state"))
                    || StatusFolder.FAILED.equals(status.getString("state")));
            if (terminal || System.currentTimeMillis() - started > SSE_MAX_MS) {
                vertx.cancelTimer(t);
                response.end();
            }
        });
        response.closeHandler(v -> vertx.cancelTimer(timer));
    }

    private static JsonObject withLinks(JsonObject status) {
        String id = status.getString("id");
        return status.copy().put("links", new JsonObject().put("self", "/v1/edits/" + id).put("image", "/v1/edits/" + id + "/image")
                .put("source", "/v1/edits/" + id + "/source").put("events", "/v1/edits/" + id + "/events"));
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        String code = status == 413 ? "payload_too_large" : status < 500 ? "invalid_request" : "internal_error";
        String reason = status == 413 ? "the request body is larger than " + (2 * config.limits().maxUploadBytes() + 64 * 1024)
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

    private static void notFound(RoutingContext ctx, String id) {
        ApiError.notFound("no edit " + id).send(ctx);
    }
}
