package io.alertlake.testing;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What a class logs while an action runs: the messages as an operator reads them, arguments filled in. */
public final class LoggedLines {

    /** An action that may throw, as test code does. */
    public interface Action {
        void run() throws Exception;
    }

    private LoggedLines() {
    }

    /** The messages {@code source} logs at {@code level} or above while {@code action} runs. */
    public static List<String> of(Class<?> source, Level level, Action action) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= level.intValue()) {
                    lines.add(r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage()
                            : r.getMessage() + Arrays.toString(r.getParameters()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(source.getName());
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return lines;
    }
}
