package io.relata.example.hello;

import org.osgi.service.component.annotations.Component;

/**
 * Serves the bundle's {@code ui/} folder at {@value #PATH} through the OSGi HTTP Whiteboard: the service's
 * properties are all it takes, the object itself does nothing.
 */
@Component(service = HelloUiResources.class, property = {
        "osgi.http.whiteboard.resource.pattern=" + HelloUiResources.PATH + "/*",
        "osgi.http.whiteboard.resource.prefix=/ui"})
public class HelloUiResources {

    static final String PATH = "/plugins/example-hello";
}
