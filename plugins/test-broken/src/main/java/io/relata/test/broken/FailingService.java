package io.relata.test.broken;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Fails to start, as a plugin with a bug would. */
@Component(immediate = true, service = FailingService.class)
public class FailingService {

    @Activate
    void activate() {
        throw new IllegalStateException("deliberately broken for the tests");
    }
}
