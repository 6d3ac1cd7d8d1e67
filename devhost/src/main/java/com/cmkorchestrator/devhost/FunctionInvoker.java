package com.cmkorchestrator.devhost;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Parameter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Calls a function method the way the Azure Functions Java worker does: the trigger payload goes
 * to the trigger-annotated parameter, {@code @BindingName} parameters get route or trigger
 * metadata values, and an {@link ExecutionContext} is passed where asked for. Function class
 * instances are created once per class by the given factory (the worker's
 * {@code FunctionInstanceInjector} role).
 */
public final class FunctionInvoker {
    private final Function<Class<?>, Object> instanceFactory;
    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();

    public FunctionInvoker(Function<Class<?>, Object> instanceFactory) {
        this.instanceFactory = instanceFactory;
    }

    /**
     * @param triggerValue the request message, queue message, event JSON or timer info
     * @param bindingData route values or trigger metadata (e.g. {@code DequeueCount})
     */
    public Object invoke(FunctionDefinition function, Object triggerValue, Map<String, String> bindingData)
            throws Exception {
        Parameter[] parameters = function.method().getParameters();
        Object[] args = new Object[parameters.length];
        ExecutionContext context = new DevExecutionContext(function.name(), UUID.randomUUID().toString());
        for (int i = 0; i < parameters.length; i++) {
            args[i] = argumentFor(parameters[i], triggerValue, bindingData, context);
        }
        Object instance = instances.computeIfAbsent(function.type(), instanceFactory);
        try {
            return function.method().invoke(instance, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static Object argumentFor(Parameter parameter, Object triggerValue, Map<String, String> bindingData,
                                      ExecutionContext context) {
        if (ExecutionContext.class.isAssignableFrom(parameter.getType())) {
            return context;
        }
        for (Annotation annotation : parameter.getAnnotations()) {
            if (annotation instanceof HttpTrigger || annotation instanceof TimerTrigger
                    || annotation instanceof QueueTrigger || annotation instanceof EventGridTrigger) {
                return triggerValue;
            }
            if (annotation instanceof BindingName binding) {
                return convert(bindingData.get(binding.value()), parameter.getType());
            }
        }
        throw new IllegalArgumentException("cannot bind parameter " + parameter + ": no trigger or binding annotation");
    }

    private static Object convert(String value, Class<?> type) {
        if (value == null) {
            return type.isPrimitive() ? 0 : null;
        }
        if (type == int.class || type == Integer.class) {
            return Integer.parseInt(value);
        }
        if (type == long.class || type == Long.class) {
            return Long.parseLong(value);
        }
        return value;
    }

    /** The context the worker passes: function name, invocation ID and a logger named after the function. */
    record DevExecutionContext(String functionName, String invocationId) implements ExecutionContext {
        @Override
        public Logger getLogger() { return Logger.getLogger("Function." + functionName); }

        @Override
        public String getInvocationId() { return invocationId; }

        @Override
        public String getFunctionName() { return functionName; }
    }
}
