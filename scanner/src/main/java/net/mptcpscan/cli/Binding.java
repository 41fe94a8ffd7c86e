package net.mptcpscan.cli;

import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Binds an option of a command built through picocli's programmatic API to a field of the command,
 * as an annotated field would be: picocli converts the argument to the field's type and sets it.
 * Nothing is read from annotations (see {@link ScanCommand#commandLine()} for why), and no lambda
 * is linked per option (each call site linked cost about 0.2 ms of the start, interpreted).
 */
final class Binding implements IGetter, ISetter {
    private final Object command;
    private final Field field;

    private Binding(Object command, String name) {
        this.command = command;
        try {
            field = command.getClass().getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(command.getClass().getSimpleName() + "." + name, e);
        }
        field.setAccessible(true);
    }

    /**
     * The option bound to the command's field name: its type is the field's, its label {@code
     * <name>} (another given later replaces it), and the field's value now is what picocli puts
     * back before each parse, as with an annotated field.
     */
    static OptionSpec.Builder field(Object command, String name, OptionSpec.Builder option) {
        Binding b = new Binding(command, name);
        return option.getter(b)
                .setter(b)
                .type(b.field.getType())
                .auxiliaryTypes(b.elementTypes())
                .paramLabel("<" + name + ">")
                .initialValue(b.get());
    }

    /** The same for a positional parameter. */
    static PositionalParamSpec.Builder field(
            Object command, String name, PositionalParamSpec.Builder parameter) {
        Binding b = new Binding(command, name);
        return parameter
                .getter(b)
                .setter(b)
                .type(b.field.getType())
                .auxiliaryTypes(b.elementTypes())
                .paramLabel("<" + name + ">")
                .initialValue(b.get());
    }

    /** A list's element type (List<String>: String); the field's type for any other. */
    private Class<?>[] elementTypes() {
        Type t = field.getGenericType();
        if (t instanceof ParameterizedType p
                && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] instanceof Class<?> c) return new Class<?>[] {c};
        return new Class<?>[] {field.getType()};
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
        try {
            return (T) field.get(command);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public <T> T set(T value) {
        T old = get();
        try {
            field.set(command, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return old;
    }
}
