package io.editstream.local;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command that fails prints: one line naming the command and the root cause, and exit code 1,
 * instead of a stack trace (the logs above it already say what happened). {@code EDITSTREAM_DEBUG=1} adds
 * the trace for bug reports.
 */
final class OneLineErrors implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        Throwable cause = unwrap(e);
        String message = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() : cause.getMessage();
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + message.lines().findFirst().orElse(message));
        if (System.getenv("EDITSTREAM_DEBUG") != null) {
            cause.printStackTrace(command.getErr());
        } else {
            command.getErr().println("(EDITSTREAM_DEBUG=1 shows the stack trace)");
        }
        return 1;
    }

    /** The exception that says what went wrong, not the wrappers futures and reflection put around it. */
    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
