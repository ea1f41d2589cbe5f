package id.presensi.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;

import java.util.Optional;

/**
 * Logback's configuration, in code: found through the service loader before logback looks for an XML file, so a
 * command does not spend a third of its start parsing one. Operators read logs; people at the terminal read command
 * output: everything goes to files in the Presensi home ({@code presensi.log.dir}, set by {@link Logging}).
 * A test classpath's {@code logback-test.xml} is left to logback.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String dir = setting("presensi.log.dir").orElse(System.getProperty("user.home") + "/.presensi");
        String zone = setting("PRESENSI_LOG_ZONE").orElse("Asia/Makassar");
        // Rolled daily and by size, with a total cap, so no flood of warnings (a few hundred hostile connections) can
        // fill the disk; the service itself logs a refused client as one line a minute, never a stack trace each.
        Appender<ILoggingEvent> file = rolling(new RollingFileAppender<>(), context, "FILE", dir, "presensi", zone, "50MB", 90, "1GB",
                "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, " + zone + "} %-5level [%thread] %logger{36} - %msg%n");
        // The check-in service's access log: one line per request (time, method, route, status, milliseconds; never a
        // token), written by a background thread that drops lines rather than slow a request down, in blocks at least
        // once a second (BlockWrittenFile). Rolled daily.
        Appender<ILoggingEvent> accessFile = rolling(new BlockWrittenFile<>(), context, "ACCESS_FILE", dir, "access", zone, "200MB", 60, "5GB",
                "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, " + zone + "} %msg%n");
        AsyncAppender access = new AsyncAppender();
        access.setContext(context);
        access.setName("ACCESS");
        access.setQueueSize(8192);
        access.setDiscardingThreshold(0);
        access.setNeverBlock(true);
        access.addAppender(accessFile);
        access.start();

        ch.qos.logback.classic.Logger accessLog = context.getLogger("id.presensi.access");
        accessLog.setLevel(Level.toLevel(setting("presensi.access.level").orElse("INFO"), Level.INFO));
        accessLog.setAdditive(false);
        accessLog.addAppender(access);
        context.getLogger("id.presensi").setLevel(Level.INFO);
        context.getLogger("org.flywaydb").setLevel(Level.INFO);
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(file);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** A system property, else the environment variable of that name, as logback's ${NAME} reads them. */
    private static Optional<String> setting(String name) {
        return Optional.ofNullable(System.getProperty(name)).or(() -> Optional.ofNullable(System.getenv(name))).filter(v -> !v.isBlank());
    }

    private static Appender<ILoggingEvent> rolling(RollingFileAppender<ILoggingEvent> appender, LoggerContext context, String name,
                                                   String dir, String base, String zone, String maxFileSize, int maxHistory,
                                                   String totalSizeCap, String pattern) {
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(dir + "/" + base + ".log");
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(dir + "/" + base + ".%d{yyyy-MM-dd, " + zone + "}.%i.log.gz");
        policy.setMaxFileSize(FileSize.valueOf(maxFileSize));
        policy.setMaxHistory(maxHistory);
        policy.setTotalSizeCap(FileSize.valueOf(totalSizeCap));
        policy.start();
        appender.setRollingPolicy(policy);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }
}
