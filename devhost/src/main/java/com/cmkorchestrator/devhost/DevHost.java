package com.cmkorchestrator.devhost;

import com.cmkorchestrator.state.ReconcileQueue;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A small stand-in for the Azure Functions host: the HTTP routes and the Event Grid webhook, the timers and the
 * queue listener, all invoking the same annotated methods Azure would. Function classes come from the app's
 * {@link FunctionInstanceInjector}, as the Java worker gets them.
 */
public final class DevHost implements AutoCloseable {

    private final FunctionCatalog catalog;
    private final DevHttpServer http;
    private final TimerScheduler timers;
    /** One listener per queue a function listens to: the work queue and, when the app has one, its poll queue. */
    private final List<QueuePump> pumps;

    private DevHost(FunctionCatalog catalog, DevHttpServer http, TimerScheduler timers, List<QueuePump> pumps) {
        this.catalog = catalog;
        this.http = http;
        this.timers = timers;
        this.pumps = pumps;
    }

    /**
     * @param injector   builds the function classes with their collaborators, as in Azure
     * @param settings   the app settings, for {@code %SETTING%} references in triggers
     * @param queue      the queue a {@code @QueueTrigger} function listens to (and its poll queue, when a function
     *                   listens to that too: as in Azure, each has listeners of its own)
     * @param port       HTTP port (0: any free one)
     * @param runTimers  whether timers fire on their schedules (tests fire them through the admin API instead)
     * @param pollEvery  how often the queue is polled while empty; null for no background polling (the caller works
     *                   the queue with {@link #drainQueue()})
     */
    public static DevHost start(List<Class<?>> functionClasses, FunctionInstanceInjector injector,
                                Map<String, String> settings, ReconcileQueue queue,
                                int port, boolean runTimers, Duration pollEvery) {
        FunctionCatalog catalog = FunctionCatalog.scan(functionClasses, settings);
        FunctionInvoker invoker = new FunctionInvoker(instancesOf(injector));
        DevHttpServer http = DevHttpServer.start("127.0.0.1", port, catalog, invoker);
        TimerScheduler timers = runTimers ? new TimerScheduler(catalog, invoker, Clock.systemUTC()) : null;
        List<QueuePump> pumps = new ArrayList<>(List.of(new QueuePump(catalog, invoker, queue)));
        if (queue.polls() != queue && QueuePump.listened(catalog, queue.polls())) {
            pumps.add(new QueuePump(catalog, invoker, queue.polls()));
        }
        if (pollEvery != null) {
            pumps.forEach(pump -> pump.start(pollEvery));
        }
        return new DevHost(catalog, http, timers, List.copyOf(pumps));
    }

    private static Function<Class<?>, Object> instancesOf(FunctionInstanceInjector injector) {
        return type -> {
            try {
                return injector.getInstance(type);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the injector could not build " + type.getName(), e);
            }
        };
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public URI baseUri() {
        return http.baseUri();
    }

    /** The Event Grid webhook URL of a function, as the Functions host exposes it. */
    public URI eventGridWebhook(String functionName) {
        return baseUri().resolve("runtime/webhooks/EventGrid?functionName=" + functionName);
    }

    /** Serves {@code GET <path>} with facts about this host as JSON (the local run's emulator endpoints, say). */
    public void serveInfo(String path, Supplier<Object> info) {
        http.serveInfo(path, info);
    }

    public FunctionCatalog catalog() {
        return catalog;
    }

    /** Work items this host's queue listener processed: with several hosts on one queue, each does its share. */
    public long workItemsHandled() {
        return pumps.stream().mapToLong(QueuePump::handled).sum();
    }

    /** Works the queues now until nothing is visible on any (tests use it to wait for quiet). */
    public int drainQueue() {
        int total = 0;
        for (int handled = pumpOnce(); handled > 0; handled = pumpOnce()) {
            total += handled;
        }
        return total;
    }

    private int pumpOnce() {
        return pumps.stream().mapToInt(QueuePump::pumpOnce).sum();
    }

    @Override
    public void close() {
        pumps.forEach(QueuePump::close);
        if (timers != null) {
            timers.close();
        }
        http.close();
    }
}
