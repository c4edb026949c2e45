package io.relata.core.rest.application;

import java.util.Set;

import javax.ws.rs.core.Application;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.jaxrs.whiteboard.JaxrsWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

import io.relata.api.rest.RestResource;
import io.relata.core.rest.json.RelataJson;
import io.relata.core.rest.patch.MergePatchReader;
import io.relata.core.rest.problem.JsonExceptionMapper;
import io.relata.core.rest.problem.ProblemExceptionMapper;
import io.relata.core.rest.problem.UnexpectedExceptionMapper;
import io.relata.core.rest.problem.WebApplicationExceptionMapper;

/**
 * The {@code /api/v1} application. Every module's resources join it with {@link RestResource}; the providers
 * here apply to all of them, so a plugin's resource gets JSON, problem details and limits without selecting
 * anything. Security adds its authentication filter to this application as a whiteboard extension.
 */
@Component(service = Application.class, configurationPid = RestSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {
                JaxrsWhiteboardConstants.JAX_RS_APPLICATION_BASE + "=" + RestResource.BASE_PATH,
                JaxrsWhiteboardConstants.JAX_RS_NAME + "=" + RestResource.APPLICATION_NAME
        })
@Designate(ocd = RestSettings.class)
public class RelataApplication extends Application {

    private final long maxRequestBytes;
    private final long maxUploadBytes;

    @Activate
    public RelataApplication(RestSettings settings) {
        this.maxRequestBytes = settings.max_request_bytes();
        this.maxUploadBytes = settings.max_upload_bytes();
    }

    /**
     * Fresh providers every time the whiteboard (re)builds the application, which it does whenever a resource
     * comes or goes. Jackson caches serializers and types per class: a mapper kept across rebuilds would keep
     * every class of every plugin ever undeployed, and with them their class loaders.
     */
    @Override
    public Set<Object> getSingletons() {
        ObjectMapper mapper = RelataJson.newMapper();
        WebApplicationExceptionMapper webApplication = new WebApplicationExceptionMapper();
        return Set.of(
                new BasePathGuard(),
                new AuthenticationGate(),
                new JacksonJsonProvider(mapper),
                new MergePatchReader(mapper),
                new RequestSizeLimit(maxRequestBytes, maxUploadBytes),
                new ProblemExceptionMapper(),
                new JsonExceptionMapper(),
                webApplication,
                new UnexpectedExceptionMapper(webApplication));
    }
}
