package io.editstream.local;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What a command that fails prints: one line naming the command and the root cause, and exit code 1,
 * instead of a stack trace (the logs above it already say what happened). {@code EDITSTREAM_DEBUG=1} adds
 * the trace for bug reports. A {@link UserError} (the user's input is wrong) is its message alone and exit
 * code 2, as are bad options ({@link #badParameters}): the usage picocli would print buries the one line
 * that matters, so a hint to {@code --help} stands in for it.
 */
final class OneLineErrors implements IExecutionExceptionHandler {
    /** Exit code for input the user got wrong (picocli's own code for usage errors). */
    static final int USER_ERROR = CommandLine.ExitCode.USAGE;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        Throwable cause = unwrap(e);
        if (cause instanceof UserError) {
            command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + firstLine(cause.getMessage()));
            if (System.getenv("EDITSTREAM_DEBUG") != null) {
                cause.printStackTrace(command.getErr());
            }
            return USER_ERROR;
        }
        String message = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() : cause.getMessage();
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + firstLine(message));
        if (System.getenv("EDITSTREAM_DEBUG") != null) {
            cause.printStackTrace(command.getErr());
        } else {
            command.getErr().println("(EDITSTREAM_DEBUG=1 shows the stack trace)");
        }
        return 1;
    }

    /** Unknown option, missing or malformed value: one line and where the options are listed, exit 2. */
    static int badParameters(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + firstLine(e.getMessage()) + " (see '" + name + " --help')");
        return USER_ERROR;
    }

    private static String firstLine(String message) {
        return message == null || message.isBlank() ? "invalid input" : message.strip().lines().findFirst().orElse(message);
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
