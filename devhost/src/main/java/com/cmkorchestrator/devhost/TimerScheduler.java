package com.cmkorchestrator.devhost;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires timer-triggered functions on their NCRONTAB schedules ({@code sec min hour day month dow},
 * the six-field form the Functions host uses, which is Spring's cron form, so cron-utils parses it).
 */
public final class TimerScheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TimerScheduler.class.getName());
    private static final CronParser NCRONTAB = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "devhost-timers");
        t.setDaemon(true);
        return t;
    });
    private final FunctionInvoker invoker;
    private final Clock clock;

    public TimerScheduler(FunctionCatalog catalog, FunctionInvoker invoker, Clock clock) {
        this.invoker = invoker;
        this.clock = clock;
        for (FunctionDefinition function : catalog.withTrigger(FunctionTrigger.Timer.class)) {
            scheduleNext(function, executionTime(((FunctionTrigger.Timer) function.trigger()).schedule()));
        }
    }

    /** Parses an NCRONTAB expression; a malformed one is an error naming it. */
    static ExecutionTime executionTime(String schedule) {
        try {
            return ExecutionTime.forCron(NCRONTAB.parse(schedule));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an NCRONTAB schedule: '" + schedule + "': " + e.getMessage(), e);
        }
    }

    /** How long from {@code now} until the schedule next fires. */
    static Duration untilNext(ExecutionTime schedule, ZonedDateTime now) {
        return schedule.timeToNextExecution(now).orElseThrow(() -> new IllegalStateException("schedule never fires"));
    }

    private void scheduleNext(FunctionDefinition function, ExecutionTime schedule) {
        Duration delay = untilNext(schedule, ZonedDateTime.now(clock));
        executor.schedule(() -> {
            fire(function);
            scheduleNext(function, schedule);
        }, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void fire(FunctionDefinition function) {
        String timerInfo = "{\"Schedule\":{\"AdjustForDST\":true},\"IsPastDue\":false}";
        try {
            LOG.info(() -> "timer fired: " + function.name());
            invoker.invoke(function, timerInfo, Map.of());
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "timer function " + function.name() + " failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
