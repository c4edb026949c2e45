package ${package};

import org.osgi.service.component.annotations.Component;

/**
 * Serves the bundle's {@code ui/} folder at {@value #PATH} through the OSGi HTTP Whiteboard: the service
 * properties do the work, the object itself does nothing.
 */
@Component(service = ItemsUiResources.class, property = {
        "osgi.http.whiteboard.resource.pattern=" + ItemsUiResources.PATH + "/*",
        "osgi.http.whiteboard.resource.prefix=/ui"})
public class ItemsUiResources {

    static final String PATH = "/plugins/${moduleId}";
}
