package io.relata.core.modules;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.relata.api.module.ModuleDescriptor;
import io.relata.api.module.RelataModule;

/** The platform itself, listed like any module so the registry shows what core version runs. */
@Component
public class CoreModule implements RelataModule {

    private final ModuleDescriptor descriptor;

    @Activate
    public CoreModule(BundleContext context) {
        this.descriptor = ModuleDescriptor.builder("core")
                .name("Relata core")
                .version(context.getBundle().getVersion().toString())
                .description("REST API, persistence, events, console, security, licensing and the module registry")
                .permission("users:read", "See users")
                .permission("users:write", "Create, change and disable users, reset passwords, assign roles")
                .permission("roles:read", "See roles and the permissions modules declare")
                .permission("roles:write", "Create, change and delete custom roles")
                .permission("teams:read", "See teams")
                .permission("teams:write", "Create, change and delete teams")
                .permission("security-events:read", "Read the security audit trail")
                .permission("modules:read", "See installed modules")
                .permission("license:read", "See the license")
                .permission("license:manage", "Install and remove licenses")
                .permission("recycle-bin:read", "See deleted records")
                .permission("recycle-bin:restore", "Restore deleted records")
                .permission("recycle-bin:purge", "Delete records in the recycle bin for good")
                .permission("customers:read", "See customers (within the data scope)")
                .permission("customers:write", "Create, change and delete customers")
                .permission("customers:assign", "Give customers to other owners and release them to the pool")
                .permission("customers:merge", "Merge duplicate customers")
                .permission("customers:export", "Export customer lists")
                .permission("customers:import", "Import customers, contacts and leads")
                .permission("contacts:read", "See contacts of visible customers")
                .permission("contacts:write", "Create, change and delete contacts")
                .permission("leads:read", "See leads (within the data scope)")
                .permission("leads:write", "Create, change and delete leads")
                .permission("leads:assign", "Assign leads and run assignment rules")
                .permission("leads:convert", "Convert leads into customers and contacts")
                .permission("leads:export", "Export lead lists")
                .permission("custom-fields:write", "Define custom fields")
                .permission("reference-data:write", "Maintain subsidiaries, currencies, exchange rates and picklists")
                .permission("jobs:read-all", "See every user's background jobs, such as imports")
                .permission("jobs:manage", "Cancel other users' background jobs")
                .permission("activities:read", "See activities (within the data scope) and customers' timelines")
                .permission("activities:write", "Log, plan, change and delete activities")
                .build();
    }

    @Override
    public ModuleDescriptor descriptor() {
        return descriptor;
    }
}
