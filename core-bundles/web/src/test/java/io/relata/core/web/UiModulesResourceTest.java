package io.relata.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.relata.api.security.UserPrincipal;
import io.relata.api.ui.UiModule;
import io.relata.api.ui.UiModuleDescriptor;

class UiModulesResourceTest {

    private static UiModule module(String id, int order, String permission) {
        UiModuleDescriptor descriptor = UiModuleDescriptor.builder(id).title("en", id).title("zh-CN", id + "（中文）")
                .route("/" + id.replace('.', '-')).order(order).permission(permission).script("/plugins/" + id + "/ui.js")
                .build();
        return () -> descriptor;
    }

    private static UserPrincipal user(String... permissions) {
        return new UserPrincipal("u1", "someone", "Someone", "en", "UTC", Set.of(), Set.of(permissions), Set.of(),
                null, null);
    }

    @Test
    void listsWhatTheCallerMaySeeInNavigationOrder() {
        UiModulesResource resource = new UiModulesResource(null);
        resource.addModule(module("sales.deals", 300, "sales.deals:read"));
        resource.addModule(module("hello", 500, "hello.greetings:read"));
        resource.addModule(module("everyone", 200, null));

        assertThat(resource.visibleTo(user("hello.greetings:read"))).extracting(UiModulesResource.UiModuleView::id)
                .containsExactly("everyone", "hello");
        assertThat(resource.visibleTo(user("*"))).extracting(UiModulesResource.UiModuleView::id)
                .containsExactly("everyone", "sales.deals", "hello");
    }

    @Test
    void modulesComeAndGoAndAFailingOneIsLeftOut() {
        UiModulesResource resource = new UiModulesResource(null);
        UiModule hello = module("hello", 500, null);
        resource.addModule(hello);
        resource.addModule(() -> {
            throw new IllegalStateException("broken plugin");
        });
        assertThat(resource.visibleTo(user())).extracting(UiModulesResource.UiModuleView::id).containsExactly("hello");
        resource.removeModule(hello);
        assertThat(resource.visibleTo(user())).isEmpty();
    }
}
