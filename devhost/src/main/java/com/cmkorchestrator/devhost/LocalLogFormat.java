package com.cmkorchestrator.devhost;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record in the local run, with both times: the real time of this machine, and the emulated time
 * the app, the API and the dashboard see (labelled, as it runs ahead after every {@code clock/advance}), e.g.
 * {@code 05:01:14.210 [emulated 2027-03-07T05:03:14Z] INFO Reconcile: binding vm-disks ...}. Everything logs
 * through java.util.logging here, the Azure SDK too (SLF4J is bound to it).
 */
final class LocalLogFormat extends Formatter {

    private static final DateTimeFormatter REAL = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** java.util.logging holds loggers weakly: a level set on one nobody references is lost with it. */
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private final AtomicReference<Clock> emulated;

    LocalLogFormat(AtomicReference<Clock> emulated) {
        this.emulated = emulated;
    }

    /**
     * Formats every record of this process this way, on standard output; the SDK's chatter is kept to warnings.
     *
     * @param emulated the emulator's clock, once there is one (until then lines carry the real time only)
     */
    static void install(AtomicReference<Clock> emulated) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Handler out = new ConsoleHandler() {
            {
                setOutputStream(System.out);
            }
        };
        out.setFormatter(new LocalLogFormat(emulated));
        out.setLevel(Level.ALL);
        root.addHandler(out);
        root.setLevel(Level.INFO);
        level("com.azure", Level.WARNING);
        level("reactor", Level.WARNING);
        level("io.netty", Level.WARNING);
        // The app lists role assignments at '/' to find a wider grant, and the least-privilege roles the local run
        // grants (as bicep/main.bicep does) make the HSM refuse that with 403: the app expects it and grants at the
        // key instead. The SDK would log that expected refusal at ERROR; the app's own lines report every access step.
        level("com.azure.security.keyvault.administration.KeyVaultAccessControlClient", Level.OFF);
    }

    private static void level(String logger, Level level) {
        Logger configured = Logger.getLogger(logger);
        configured.setLevel(level);
        CONFIGURED.add(configured);
    }

    @Override
    public String format(LogRecord record) {
        Instant real = record.getInstant();
        StringBuilder line = new StringBuilder(160)
                .append(REAL.format(LocalTime.ofInstant(real, ZoneId.systemDefault())));
        Clock clock = emulated.get();
        if (clock != null) {
            line.append(" [emulated ").append(clock.instant().truncatedTo(ChronoUnit.SECONDS)).append(']');
        }
        line.append(' ').append(record.getLevel().getName()).append(' ').append(source(record)).append(": ")
                .append(formatMessage(record)).append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    /** The function's name for a function's logger ({@code Function.Reconcile}), else the logger's last segment. */
    private static String source(LogRecord record) {
        String name = record.getLoggerName() == null ? "" : record.getLoggerName();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
