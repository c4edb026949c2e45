package io.relata.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Makes a DS component a JAX-RS resource of the Relata REST application under {@value #BASE_PATH}:
 * <pre>{@code
 * @Component(service = GreetingResource.class)
 * @RestResource
 * @Path("hello/greetings")
 * public class GreetingResource { ... }
 * }</pre>
 * The application supplies JSON (Jackson), problem details for every error, the request size limit and,
 * once the security module is installed, authentication. The resource does not need to select extensions.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RestResource {

    /** Where the Relata application is mounted. */
    String BASE_PATH = "/api/v1";

    /** The whiteboard name of the Relata application. */
    String APPLICATION_NAME = "relata";

    /** Filter selecting the Relata application, for {@code osgi.jaxrs.application.select}. */
    String APPLICATION_SELECT = "(osgi.jaxrs.name=" + APPLICATION_NAME + ")";

    /** Sets {@code osgi.jaxrs.resource=true}. */
    boolean osgi_jaxrs_resource() default true;

    /** Sets {@code osgi.jaxrs.application.select} to the Relata application. */
    String osgi_jaxrs_application_select() default APPLICATION_SELECT;
}
