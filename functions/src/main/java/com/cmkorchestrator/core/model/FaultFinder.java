package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds every fault of a JSON document that a core record refuses, not just the first. Jackson stops at the first
 * field it cannot read, and a record's constructor never runs when one of its components failed; so each field is
 * read on its own (recursing into nested records and lists), and the record's own checks then run with the failed
 * components left out, keeping only what they say about fields that read well.
 *
 * <p>Used only once a document has failed, so the common, valid case costs one ordinary read.
 */
final class FaultFinder {

    private final ObjectMapper mapper;
    private final Function<Exception, BindingValidationException> translate;

    /**
     * @param translate turns Jackson's failure to read a single value into the fault it stands for
     */
    FaultFinder(ObjectMapper mapper, Function<Exception, BindingValidationException> translate) {
        this.mapper = mapper;
        this.translate = translate;
    }

    List<FieldFault> faults(JsonNode node, JavaType type) {
        Class<?> raw = type.getRawClass();
        if (node.isObject() && raw.isRecord() && createdFromFields(raw)) {
            return recordFaults(node, raw);
        }
        if (node.isArray() && Collection.class.isAssignableFrom(raw) && type.getContentType() != null) {
            List<FieldFault> found = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String index = "[" + i + "]";
                faults(node.get(i), type.getContentType()).forEach(f -> found.add(f.under(index)));
            }
            return found.isEmpty() ? valueFaults(node, type) : found;
        }
        return valueFaults(node, type);
    }

    private List<FieldFault> valueFaults(JsonNode node, JavaType type) {
        try {
            mapper.treeToValue(node, type);
            return List.of();
        } catch (Exception e) {
            return translate.apply(e).faults();
        }
    }

    private List<FieldFault> recordFaults(JsonNode node, Class<?> type) {
        List<FieldFault> found = new ArrayList<>();
        RecordComponent[] components = type.getRecordComponents();
        Set<String> names = new HashSet<>();
        Arrays.stream(components).forEach(c -> names.add(c.getName()));
        // Jackson skips fields named after ignored properties rather than calling them unknown
        Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(JsonIgnore.class))
                .forEach(m -> names.add(m.getName()));
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!names.contains(field)) {
                found.add(new FieldFault(field, "is not a known field"));
            }
        }
        Object[] values = new Object[components.length];
        Set<String> failed = new HashSet<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            JsonNode child = node.get(component.getName());
            values[i] = absent(component.getType());
            if (child == null || child.isNull()) {
                if (child != null && component.getType().isPrimitive()) {
                    found.add(new FieldFault(component.getName(), "must not be null"));
                    failed.add(component.getName());
                }
                continue;
            }
            JavaType componentType = mapper.getTypeFactory().constructType(component.getGenericType());
            List<FieldFault> nested = faults(child, componentType);
            if (nested.isEmpty()) {
                values[i] = mapper.convertValue(child, componentType);
            } else {
                nested.forEach(f -> found.add(f.under(component.getName())));
                failed.add(component.getName());
            }
        }
        List<FieldFault> own = new ArrayList<>();
        for (FieldFault fault : constructorFaults(type, components, values)) {
            // with a component left out, what the record says about itself as a whole may only be about that gap
            boolean artefact = failed.stream().anyMatch(fault::isWithin) || (!failed.isEmpty() && fault.field().isEmpty());
            if (!artefact && !found.contains(fault)) {
                own.add(fault);
            }
        }
        found.addAll(own);
        // in the order of the record's fields, as a reader of the document meets them; unknown fields last
        List<String> order = Arrays.stream(components).map(RecordComponent::getName).toList();
        found.sort(Comparator.comparingInt(fault -> {
            int at = order.indexOf(fault.field().split("[.\\[]", 2)[0]);
            return at < 0 ? order.size() : at;
        }));
        return found;
    }

    /** What the record's own checks say with these components (a failed or missing one as null). */
    private static List<FieldFault> constructorFaults(Class<?> type, RecordComponent[] components, Object[] values) {
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.newInstance(values);
            return List.of();
        } catch (InvocationTargetException e) {
            return e.getCause() instanceof BindingValidationException invalid ? invalid.faults() : List.of();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName() + " to check it", e);
        }
    }

    /** A record read from a JSON object field by field, not one with its own creator (such as ArmId, from text). */
    private static boolean createdFromFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredConstructors()).noneMatch(c -> c.isAnnotationPresent(JsonCreator.class))
                && Arrays.stream(type.getDeclaredMethods()).noneMatch(m -> m.isAnnotationPresent(JsonCreator.class));
    }

    private static Object absent(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }
}
