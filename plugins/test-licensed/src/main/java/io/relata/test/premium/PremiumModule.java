package io.relata.test.premium;

import org.osgi.service.component.annotations.Component;

import io.relata.api.module.ModuleDescriptor;
import io.relata.api.module.RelataModule;

@Component
public class PremiumModule implements RelataModule {

    static final String KEY = "test-premium";

    @Override
    public ModuleDescriptor descriptor() {
        return ModuleDescriptor.builder("test-premium").name("Premium notes (test)").version("1.0.0").requires("example-hello")
                .licenseKey(KEY).build();
    }
}
