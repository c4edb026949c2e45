package io.relata.example.hello;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.relata.api.module.ModuleDescriptor;
import io.relata.api.module.RelataModule;

/** Announces the plugin to Relata's module registry. No references, so it is listed even when the rest fails. */
@Component
public class HelloModule implements RelataModule {

    static final String ID = "example-hello";

    private final ModuleDescriptor descriptor;

    @Activate
    public HelloModule(BundleContext context) {
        this.descriptor = ModuleDescriptor.builder(ID)
                .name("Hello example")
                .version(context.getBundle().getVersion().toString())
                .description("Reference plugin: greetings over REST and the console")
                .permission("hello.greetings:read", "See greetings")
                .permission("hello.greetings:write", "Create, change and delete greetings")
                .build();
    }

    @Override
    public ModuleDescriptor descriptor() {
        return descriptor;
    }
}
