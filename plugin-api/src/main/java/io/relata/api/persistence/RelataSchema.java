package io.relata.api.persistence;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/** Names the schema of a {@link SchemaMigration} component: {@code @RelataSchema("hello")}. */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RelataSchema {

    /** The schema name, stored in the {@value SchemaMigration#SCHEMA} service property. */
    String value();
}
