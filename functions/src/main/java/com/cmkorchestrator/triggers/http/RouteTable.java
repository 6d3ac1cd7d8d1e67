package com.cmkorchestrator.triggers.http;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The app's HTTP routes, read from the same {@code @HttpTrigger} annotations the Functions host reads, so that a
 * request no function took can be told apart: a path no route has (404) from a route asked with a method it does
 * not take (405, with {@code Allow}).
 */
public final class RouteTable {

    private record Route(RouteTemplate template, Set<String> methods) {
    }

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The routes of these function classes; catch-all routes are left out, as they take every path. */
    public static RouteTable of(List<Class<?>> functionClasses) {
        List<Route> routes = new ArrayList<>();
        for (Class<?> type : functionClasses) {
            for (Method method : type.getMethods()) {
                for (Annotation[] annotations : method.getParameterAnnotations()) {
                    for (Annotation annotation : annotations) {
                        if (annotation instanceof HttpTrigger http) {
                            RouteTemplate template = RouteTemplate.parse(http.route());
                            if (!template.isCatchAll()) {
                                Set<String> methods = new TreeSet<>();
                                Arrays.stream(http.methods()).map(HttpMethod::name).forEach(methods::add);
                                routes.add(new Route(template, methods));
                            }
                        }
                    }
                }
            }
        }
        return new RouteTable(routes);
    }

    /**
     * The answer to a request that no function took.
     *
     * @param method the request's method
     * @param route  the path below {@code /api/}
     * @param instance the request path, for the problem document
     */
    public Unmatched unmatched(String method, String route, String instance) {
        Set<String> allowed = new TreeSet<>();
        routes.stream().filter(r -> r.template().match(route).isPresent()).forEach(r -> allowed.addAll(r.methods()));
        if (allowed.isEmpty()) {
            return new Unmatched(Problem.of(ProblemType.ROUTE_NOT_FOUND, "no route serves " + instance
                    + "; docs/http-api.md lists the routes", instance), null);
        }
        String allow = String.join(", ", allowed);
        return new Unmatched(Problem.of(ProblemType.METHOD_NOT_ALLOWED, method + " is not allowed on " + instance
                + "; it takes " + allow, instance, "method", "must be one of " + allow), allow);
    }

    /**
     * @param problem the problem document
     * @param allow   the {@code Allow} header of a 405, or null for a 404
     */
    public record Unmatched(Problem problem, String allow) {
    }
}
