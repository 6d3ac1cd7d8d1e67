package com.cmkorchestrator.devhost;

import com.cmkorchestrator.triggers.http.RouteTemplate;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The functions of an app, read from the same annotations the Azure Functions host reads
 * (the Maven plugin turns them into {@code function.json}), with {@code %SETTING%} references
 * resolved from the app settings.
 */
public final class FunctionCatalog {
    private static final Pattern SETTING = Pattern.compile("%([A-Za-z0-9_]+)%");

    private final List<FunctionDefinition> functions;

    private FunctionCatalog(List<FunctionDefinition> functions) {
        this.functions = List.copyOf(functions);
    }

    public static FunctionCatalog scan(List<Class<?>> functionClasses, Map<String, String> settings) {
        List<FunctionDefinition> found = new ArrayList<>();
        for (Class<?> type : functionClasses) {
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name != null) {
                    found.add(new FunctionDefinition(name.value(), type, method, triggerOf(method, settings)));
                }
            }
        }
        return new FunctionCatalog(found);
    }

    private static FunctionTrigger triggerOf(Method method, Map<String, String> settings) {
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof HttpTrigger http) {
                    Set<String> methods = Arrays.stream(http.methods()).map(HttpMethod::name).collect(Collectors.toSet());
                    return new FunctionTrigger.Http(RouteTemplate.parse(resolve(http.route(), settings)), methods,
                            http.authLevel().name());
                }
                if (annotation instanceof TimerTrigger timer) {
                    return new FunctionTrigger.Timer(resolve(timer.schedule(), settings));
                }
                if (annotation instanceof QueueTrigger queue) {
                    return new FunctionTrigger.Queue(resolve(queue.queueName(), settings));
                }
                if (annotation instanceof EventGridTrigger) {
                    return new FunctionTrigger.EventGrid();
                }
            }
        }
        throw new IllegalArgumentException("function method " + method + " has no trigger this host supports");
    }

    /** Replaces {@code %NAME%} with the setting's value, as the Functions host does; a missing setting is an error. */
    static String resolve(String value, Map<String, String> settings) {
        Matcher matcher = SETTING.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String setting = settings.get(matcher.group(1));
            if (setting == null || setting.isBlank()) {
                throw new IllegalStateException("app setting " + matcher.group(1) + " is referenced by '" + value + "' but not set");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(setting));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    public List<FunctionDefinition> all() { return functions; }

    public Optional<FunctionDefinition> byName(String name) {
        return functions.stream().filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
    }

    public <T extends FunctionTrigger> List<FunctionDefinition> withTrigger(Class<T> kind) {
        return functions.stream().filter(f -> kind.isInstance(f.trigger())).toList();
    }
}
