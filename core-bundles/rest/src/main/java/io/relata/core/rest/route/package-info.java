/**
 * How core's bundles hand their REST resources and filters to the {@code /api/v1} application. Core-internal:
 * plugins use {@link io.relata.api.rest.RestResource}. The annotation is read at build time (it becomes a
 * service property in the component's description), so no bundle imports this package.
 */
@Version("1.0.0")
package io.relata.core.rest.route;

import org.osgi.annotation.versioning.Version;
