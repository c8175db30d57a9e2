package dev.gavel.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Records what the process logs at ERROR, or with a stack trace at any level, during each test:
 * a test asserts {@link #serious()} is empty to prove a request was refused quietly.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Recorder recorder = new Recorder();

    @Override
    public void beforeEach(ExtensionContext context) {
        recorder.clear();
        recorder.start();
        root().addAppender(recorder);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(recorder);
        recorder.stop();
    }

    /** One line per serious event seen since the test began. */
    public List<String> serious() {
        return recorder.lines();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static final class Recorder extends AppenderBase<ILoggingEvent> {

        private final List<String> lines = new ArrayList<>();

        @Override
        protected synchronized void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR) || event.getThrowableProxy() != null) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : " / " + event.getThrowableProxy().getClassName()));
            }
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        synchronized void clear() {
            lines.clear();
        }
    }
}
