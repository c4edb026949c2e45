package io.relata.api.event;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares the topics a {@link DomainEventListener} component wants:
 * {@code @Component @EventTopics({"customer.created", "hello.*"})}.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface EventTopics {

    /** Makes the property name {@code relata.event.topics}. */
    String PREFIX_ = "relata.";

    String[] value();
}
