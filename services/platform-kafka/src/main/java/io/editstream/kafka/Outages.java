package io.editstream.kafka;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/**
 * Tells an unreachable dependency (S3 or a model server refusing or not answering connections) from a failure
 * of the request itself, by the cause chain: such an outage is nobody's request's fault, so the retry rule waits
 * it out instead of spending the request's attempts on it.
 */
public final class Outages {
    private static final int MAX_DEPTH = 12;

    private Outages() {
    }

    public static boolean isOutage(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
