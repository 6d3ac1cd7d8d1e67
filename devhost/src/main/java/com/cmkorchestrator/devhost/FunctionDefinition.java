package com.cmkorchestrator.devhost;

import java.lang.reflect.Method;

/** One {@code @FunctionName} method and its trigger. */
public record FunctionDefinition(String name, Class<?> type, Method method, FunctionTrigger trigger) {
}
