package io.relata.core.rest.route;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Makes a core bundle's DS component a resource or provider of the {@code /api/v1} application that the
 * application itself serves, instead of the JAX-RS whiteboard. Core's routes then join the application in one
 * build once they are all there, where whiteboard resources join one at a time and each rebuilds the whole
 * application (about forty builds at every boot). Plugins keep {@link io.relata.api.rest.RestResource}: a
 * plugin comes and goes on its own, which is what the whiteboard is for.
 *
 * <p>Only for bundles of the core module; nothing outside core may rely on it.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CoreRoute {

    /** The service property core's routes carry, and the application collects. */
    String PROPERTY = "relata.rest.core";

    /** Sets {@value #PROPERTY}{@code =true}. */
    boolean relata_rest_core() default true;
}
