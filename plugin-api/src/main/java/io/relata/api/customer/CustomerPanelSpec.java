package io.relata.api.customer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Identifies a {@link CustomerPanel} component: {@code @CustomerPanelSpec(id = "sales.opportunities", order = 300)}.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CustomerPanelSpec {

    /** Makes the property names {@code relata.panel.id} and {@code relata.panel.order}. */
    String PREFIX_ = "relata.panel.";

    /** The panel's id, lower case and dotted, starting with the module's id: {@code sales.opportunities}. */
    String id();

    /** Where the panel goes in the view, lower first; core's own panels use 100 and 200. */
    int order() default CustomerPanel.DEFAULT_ORDER;
}
