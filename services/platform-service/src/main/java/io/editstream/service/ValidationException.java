package io.editstream.service;

/** A request an API refuses, carrying the {@link ApiError} to answer with (a 4xx status, a stable code, a reason). */
public class ValidationException extends RuntimeException {
    private final ApiError error;

    public ValidationException(int status, String code, String reason) {
        super(reason);
        this.error = new ApiError(status, code, reason);
    }

    public static ValidationException badRequest(String code, String reason) {
        return new ValidationException(400, code, reason);
    }

    public ApiError error() {
        return error;
    }

    public int status() {
        return error.status();
    }

    public String code() {
        return error.code();
    }
}
