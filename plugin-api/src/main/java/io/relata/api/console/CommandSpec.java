package io.relata.api.console;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Names a {@link ConsoleCommand} component:
 * {@code @CommandSpec(name = "hello", description = "Greets", usage = "relata:hello [--count] <name>")}.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CommandSpec {

    /** Makes the property names {@code relata.command.name}, {@code relata.command.description}, ... */
    String PREFIX_ = "relata.command.";

    /** The command name in the {@code relata} scope: lower case letters, digits and dashes. */
    String name();

    String description();

    /** One line of usage, shown by {@code --help}; defaults to the bare command. */
    String usage() default "";
}
