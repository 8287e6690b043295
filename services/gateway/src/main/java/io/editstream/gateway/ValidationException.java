package io.editstream.gateway;

/** A request the gateway refuses, with the HTTP status, a stable error code and a reason a person can act on. */
public class ValidationException extends RuntimeException {
    private final int status;
    private final String code;

    public ValidationException(int status, String code, String reason) {
        super(reason);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static ValidationException badRequest(String code, String reason) {
        return new ValidationException(400, code, reason);
    }
}
