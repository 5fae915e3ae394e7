package dev.pgmcp.core.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed access to a tool call's arguments, with messages that say which argument is wrong and how. */
public final class ToolArguments {

    private final String tool;
    private final Map<String, Object> values;

    public ToolArguments(String tool, Map<String, Object> values) {
        this.tool = tool;
        this.values = values == null ? Map.of() : values;
    }

    /** Fails when an argument is not one of {@code known}. */
    public ToolArguments allowOnly(Set<String> known) throws ToolException {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new ToolException(tool + ": unknown argument '" + key + "'; expected "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    /** The tool's name, for messages. */
    public String tool() {
        return tool;
    }

    /** Whether the call has the argument (a JSON null counts as present). */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The argument as the client sent it: String, Number, Boolean, List, Map or null. */
    public Object raw(String name) {
        return values.get(name);
    }

    public String requiredString(String name) throws ToolException {
        String value = optionalString(name);
        if (value == null || value.isBlank()) {
            throw new ToolException(tool + ": argument '" + name + "' is required");
        }
        return value;
    }

    public String optionalString(String name) throws ToolException {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new ToolException(tool + ": argument '" + name + "' must be a string");
        }
        return s;
    }

    public Integer optionalInteger(String name) throws ToolException {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new ToolException(tool + ": argument '" + name + "' must be a whole number");
    }

    public boolean optionalBoolean(String name, boolean defaultValue) throws ToolException {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Boolean b)) {
            throw new ToolException(tool + ": argument '" + name + "' must be true or false");
        }
        return b;
    }

    public List<Object> optionalList(String name) throws ToolException {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new ToolException(tool + ": argument '" + name + "' must be an array");
        }
        return Collections.unmodifiableList(new ArrayList<Object>(list));
    }
}
