package com.cmkorchestrator.devhost;

import com.cmkorchestrator.state.ReconcileQueue;

import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
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
    private final QueuePump pump;

    private DevHost(FunctionCatalog catalog, DevHttpServer http, TimerScheduler timers, QueuePump pump) {
        this.catalog = catalog;
        this.http = http;
        this.timers = timers;
        this.pump = pump;
    }

    /**
     * @param injector   builds the function classes with their collaborators, as in Azure
     * @param settings   the app settings, for {@code %SETTING%} references in triggers
     * @param queue      the queue the {@code @QueueTrigger} function listens to
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
        QueuePump pump = new QueuePump(catalog, invoker, queue);
        if (pollEvery != null) {
            pump.start(pollEvery);
        }
        return new DevHost(catalog, http, timers, pump);
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
        return pump.handled();
    }

    /** Works the queue now until nothing is visible (tests use it to wait for quiet). */
    public int drainQueue() {
        int total = 0;
        for (int handled = pump.pumpOnce(); handled > 0; handled = pump.pumpOnce()) {
            total += handled;
        }
        return total;
    }

    @Override
    public void close() {
        pump.close();
        if (timers != null) {
            timers.close();
        }
        http.close();
    }
}
