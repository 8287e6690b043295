package io.editstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every API error is {@code {"error", "reason"}} with its status; a refusal carries the error it answers with. */
@ExtendWith(VertxExtension.class)
class ApiErrorTest {

    @Test
    void theBodyHasTheCodeAndTheReason() {
        assertThat(ApiError.notFound("no edit x").toJson().encode()).isEqualTo("{\"error\":\"not_found\",\"reason\":\"no edit x\"}");
        assertThat(ApiError.unavailable("down").status()).isEqualTo(503);
        ValidationException refused = ValidationException.badRequest("invalid_rating", "score must be 0, 50 or 100");
        assertThat(refused.error()).isEqualTo(new ApiError(400, "invalid_rating", "score must be 0, 50 or 100"));
        assertThat(refused.getMessage()).isEqualTo("score must be 0, 50 or 100");
    }

    /** The response to a GET of a server whose one route sends {@code error}. */
    private static Future<HttpResponse<Buffer>> sent(Vertx vertx, ApiError error) {
        Router router = Router.router(vertx);
        router.get("/error").handler(error::send);
        return vertx.createHttpServer().requestHandler(router).listen(0).map(HttpServer::actualPort)
                .compose(port -> WebClient.create(vertx).get(port, "localhost", "/error").send());
    }

    @Test
    void itIsSentAsJsonWithItsStatus(Vertx vertx, VertxTestContext test) {
        sent(vertx, new ApiError(418, "teapot", "short and stout"))
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(418);
                    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
                    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("teapot");
                    assertThat(response.bodyAsJsonObject().getString("reason")).isEqualTo("short and stout");
                    test.completeNow();
                })));
    }

    @Test
    void aServiceUnavailableSaysWhenToRetry(Vertx vertx, VertxTestContext test) {
        sent(vertx, ApiError.unavailable("the broker is away"))
                .onComplete(test.succeeding(response -> test.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
                    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unavailable");
                    test.completeNow();
                })));
    }
}
