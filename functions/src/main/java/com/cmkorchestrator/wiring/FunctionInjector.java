package com.cmkorchestrator.wiring;

import com.cmkorchestrator.triggers.BindingFunctions;
import com.cmkorchestrator.triggers.EventGridFunctions;
import com.cmkorchestrator.triggers.FunctionClasses;
import com.cmkorchestrator.triggers.HealthFunctions;
import com.cmkorchestrator.triggers.HsmFunctions;
import com.cmkorchestrator.triggers.KeyFunctions;
import com.cmkorchestrator.triggers.QueueFunctions;
import com.cmkorchestrator.triggers.TimerFunctions;
import com.cmkorchestrator.triggers.UnmatchedRouteFunctions;
import com.cmkorchestrator.triggers.http.ApiGate;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How the function classes get their collaborators: the Java worker finds this class through
 * {@code META-INF/services/com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector}, loads it once per
 * process, and asks it for the instance to invoke each function on (azure-functions-java-spi 1.1.0,
 * {@code getInstance(Class)}). The object graph behind it is built on the first request, once; the function classes
 * are built with their collaborators right after, once each. The development host uses this same class over a graph
 * pointed at the emulator.
 */
public final class FunctionInjector implements FunctionInstanceInjector {

    private final Supplier<AppGraph> graph;
    private volatile Map<Class<?>, Object> functions;

    /** As the worker makes it: the graph of Azure, from the app settings, built when the first function runs. */
    public FunctionInjector() {
        this(AzureGraph::fromEnvironment);
    }

    /** Over a graph built elsewhere (the development host's, on the emulator). */
    public FunctionInjector(AppGraph graph) {
        this(() -> graph);
        Objects.requireNonNull(graph, "graph");
    }

    /** Over a graph built by {@code graph} on the first request (tests count the builds). */
    FunctionInjector(Supplier<AppGraph> graph) {
        this.graph = graph;
    }

    /**
     * @throws IllegalArgumentException for a class that holds none of this app's functions
     * @throws com.cmkorchestrator.config.InvalidSettingException naming each malformed app setting, on every call
     *                                                          until the settings are fixed
     */
    @Override
    public <T> T getInstance(Class<T> functionClass) {
        Object instance = functions().get(functionClass);
        if (instance == null) {
            throw new IllegalArgumentException(functionClass.getName() + " holds none of this app's functions "
                    + FunctionClasses.ALL);
        }
        return functionClass.cast(instance);
    }

    private Map<Class<?>, Object> functions() {
        Map<Class<?>, Object> built = functions;
        if (built == null) {
            synchronized (this) {
                if (functions == null) {
                    functions = of(graph.get());
                }
                built = functions;
            }
        }
        return built;
    }

    /** Every class of {@link FunctionClasses#ALL}, built with its collaborators from {@code graph}. */
    static Map<Class<?>, Object> of(AppGraph graph) {
        ApiGate gate = graph.apiGate();
        return Map.of(
                BindingFunctions.class, new BindingFunctions(graph.bindings(), gate),
                HsmFunctions.class, new HsmFunctions(graph.hsms(), gate),
                KeyFunctions.class, new KeyFunctions(graph.rotations(), gate),
                HealthFunctions.class, new HealthFunctions(graph.healthReporter(), graph.stores().watermarks(), gate),
                EventGridFunctions.class, new EventGridFunctions(graph.events(), graph.keyEvents(), graph.rejected()),
                TimerFunctions.class, new TimerFunctions(graph.bridge(), graph.healthSweep()),
                QueueFunctions.class, new QueueFunctions(graph.worker(), graph.rejected(), graph.queue()),
                UnmatchedRouteFunctions.class, new UnmatchedRouteFunctions(gate));
    }
}
