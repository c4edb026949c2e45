package io.relata.test.broken;

import org.osgi.service.component.annotations.Component;

import io.relata.api.module.ModuleDescriptor;
import io.relata.api.module.RelataModule;

@Component
public class BrokenModule implements RelataModule {

    @Override
    public ModuleDescriptor descriptor() {
        return ModuleDescriptor.builder("test-broken").name("Broken on purpose").version("1.0.0").build();
    }
}
