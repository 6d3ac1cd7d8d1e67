package com.cmkorchestrator.app;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the function classes find the object graph (the worker's {@code FunctionInstanceInjector} role, kept small):
 * in Azure it is built lazily, once, from the app settings; the development host and tests install their own.
 */
public final class App {

    private static final Object LOCK = new Object();
    private static volatile AppGraph graph;
    private static volatile Supplier<AppGraph> factory = AzureGraph::fromEnvironment;

    private App() {
    }

    /** The graph of this process, built on first use. */
    public static AppGraph graph() {
        AppGraph current = graph;
        if (current == null) {
            synchronized (LOCK) {
                if (graph == null) {
                    graph = factory.get();
                }
                current = graph;
            }
        }
        return current;
    }

    /** Makes {@code installed} the graph of this process (development host, tests). */
    public static void install(AppGraph installed) {
        synchronized (LOCK) {
            graph = Objects.requireNonNull(installed, "installed");
        }
    }
}
