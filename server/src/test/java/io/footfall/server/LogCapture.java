package io.footfall.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.read.ListAppender;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event while open and formats it with the production layout (the pattern of the
 * {@code STDOUT} appender in {@code logback.xml}), so a test sees the log exactly as an operator
 * would.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger root;
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Layout<ILoggingEvent> layout;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    layout = productionLayout(root);
    events.setContext(context);
    events.start();
    root.addAppender(events);
  }

  /** Starts capturing. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** Every line written so far, as the production layout writes them. */
  public List<String> lines() {
    return List.copyOf(events.list).stream()
        .map(layout::doLayout)
        .flatMap(text -> Arrays.stream(text.split("\r?\n|\r", -1)))
        .filter(line -> !line.isEmpty())
        .toList();
  }

  @SuppressWarnings("unchecked") // logback.xml configures STDOUT with a pattern-layout encoder
  private static Layout<ILoggingEvent> productionLayout(Logger root) {
    OutputStreamAppender<ILoggingEvent> stdout =
        (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDOUT");
    return ((LayoutWrappingEncoder<ILoggingEvent>) stdout.getEncoder()).getLayout();
  }

  @Override
  public void close() {
    root.detachAppender(events);
    events.stop();
  }
}
