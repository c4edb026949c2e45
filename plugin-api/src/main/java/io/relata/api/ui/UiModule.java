package io.relata.api.ui;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A page of the web UI contributed by a plugin: register a service of this type and the page appears in the
 * navigation of every signed-in user who holds its permission, without a restart or a page reload; it
 * disappears when the service goes.
 *
 * <p>The page itself is an ES module script that the plugin serves from its own bundle through the OSGi HTTP
 * Whiteboard (a resource service with {@code osgi.http.whiteboard.resource.pattern} and
 * {@code osgi.http.whiteboard.resource.prefix}). The script exports {@code mount(container, ctx)}; the shell
 * calls it when the user opens the route, with {@code ctx} offering the REST client, the language, formatting
 * and an element builder that escapes text (see docs/web-ui.md).
 *
 * <pre>{@code
 * @Component
 * public class HelloPage implements UiModule {
 *     public UiModuleDescriptor descriptor() {
 *         return UiModuleDescriptor.builder("example-hello.greetings")
 *                 .title("en", "Greetings").title("zh-CN", "问候")
 *                 .route("/hello").order(500).permission("hello.greetings:read")
 *                 .script("/plugins/example-hello/hello.js").build();
 *     }
 * }
 *
 * // serves the bundle's ui/ folder at /plugins/example-hello/
 * @Component(service = HelloUiResources.class, property = {
 *         "osgi.http.whiteboard.resource.pattern=/plugins/example-hello/*",
 *         "osgi.http.whiteboard.resource.prefix=/ui"})
 * public class HelloUiResources {
 * }
 * }</pre>
 */
@ConsumerType
public interface UiModule {

    /** @return what the shell needs to show the page; cheap, never failing, the same value every time. */
    UiModuleDescriptor descriptor();
}
