package io.relata.testing;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A component's configuration as configuration admin and DS would hand it over, without OSGi: an instance of the
 * component property type (the {@code @ObjectClassDefinition} annotation its {@code activate} or {@code modified}
 * method takes) that answers each attribute with its default, unless the test overrides it.
 */
public final class ConfigurationProxies {

    private ConfigurationProxies() {
    }

    /**
     * @param type      the annotation type, e.g. {@code SecuritySettings.class}
     * @param overrides values by attribute method name, e.g. {@code lockout_failures}, of the attribute's type
     * @throws IllegalArgumentException when an override is not an attribute of the type or has the wrong type, or
     *                                  an attribute without default is not given
     */
    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> overrides) {
        if (!type.isAnnotation()) {
            throw new IllegalArgumentException(type.getName() + " is not an annotation type");
        }
        Map<String, Method> attributes = Arrays.stream(type.getDeclaredMethods())
                .collect(Collectors.toMap(Method::getName, Function.identity()));
        Set<String> unknown = new TreeSet<>(overrides.keySet());
        unknown.removeAll(attributes.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not attributes of " + type.getSimpleName() + ": " + unknown
                    + ", known: " + new TreeSet<>(attributes.keySet()));
        }
        Map<String, Object> values = new HashMap<>();
        for (Method attribute : attributes.values()) {
            String name = attribute.getName();
            boolean overridden = overrides.containsKey(name);
            Object value = overridden ? overrides.get(name) : attribute.getDefaultValue();
            if (value == null && !overridden) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + name + " has no default; "
                        + "give it in the overrides");
            }
            Class<?> expected = MethodType.methodType(attribute.getReturnType()).wrap().returnType();
            if (value != null && !expected.isInstance(value)) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + name + " is a "
                        + attribute.getReturnType().getSimpleName() + ", not " + value.getClass().getSimpleName()
                        + ": " + value);
            }
            values.put(name, value);
        }
        Map<String, Object> shown = Collections.unmodifiableMap(new TreeMap<>(overrides));
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, arguments) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> type.getSimpleName() + shown;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> values.get(method.getName());
                }));
    }
}
