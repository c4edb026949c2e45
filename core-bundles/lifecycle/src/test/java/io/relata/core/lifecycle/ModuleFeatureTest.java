package io.relata.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ModuleFeatureTest {

    @Test
    void readsTheModuleCapability() {
        ModuleFeature module = ModuleFeature.of("relata-sales", "1.0.0",
                "relata.module;relata.module=sales;license=sales;requires:List<String>=\"core, customers\"").orElseThrow();
        assertThat(module.moduleId()).isEqualTo("sales");
        assertThat(module.licenseKey()).isEqualTo("sales");
        assertThat(module.requires()).isEqualTo(List.of("core", "customers"));
    }

    @Test
    void freeModulesAndOtherCapabilities() {
        assertThat(ModuleFeature.of("f", "1", "relata.module;relata.module=hello").orElseThrow().licenseKey()).isNull();
        assertThat(ModuleFeature.of("f", "1", "osgi.service;objectClass=javax.sql.DataSource")).isEmpty();
        assertThat(ModuleFeature.of("f", "1", "relata.module;license=x")).isEmpty();
    }
}
