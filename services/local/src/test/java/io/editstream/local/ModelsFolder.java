package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.editstream.onnx.Bundles;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * A models folder under the build's fixtures put in place of the default one (as EDITSTREAM_MODELS would be) for a
 * stack started afterwards, with every log line kept so tests can read what each stage said it loaded. Closing puts
 * the previous folder back.
 */
final class ModelsFolder implements AutoCloseable {
    private final String previous;
    private final Path folder;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private ModelsFolder(String name) {
        previous = System.getProperty(Bundles.MODELS_VARIABLE);
        Path fixtures = Path.of(previous == null ? "models/fixtures" : previous).toAbsolutePath();
        folder = fixtures.resolve(name);
        System.setProperty(Bundles.MODELS_VARIABLE, folder.toString());
        logs.setContext(root().getLoggerContext());
        logs.start();
        root().addAppender(logs);
    }

    /** {@code models/fixtures/<name>} in use until closed. */
    static ModelsFolder use(String name) {
        return new ModelsFolder(name);
    }

    Path folder() {
        return folder;
    }

    List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The one "{stage} model family: …" line the stage logged at start-up. */
    String familyLine(String stage) {
        List<String> lines = messages().stream().filter(m -> m.startsWith(stage + " model famil")).toList();
        assertThat(lines).as("the %s's model family line", stage).hasSize(1);
        return lines.get(0);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Override
    public void close() {
        root().detachAppender(logs);
        if (previous == null) {
            System.clearProperty(Bundles.MODELS_VARIABLE);
        } else {
            System.setProperty(Bundles.MODELS_VARIABLE, previous);
        }
    }
}
