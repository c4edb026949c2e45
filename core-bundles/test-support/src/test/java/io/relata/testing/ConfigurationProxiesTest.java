package io.relata.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigurationProxiesTest {

    @Retention(RetentionPolicy.RUNTIME)
    @interface Settings {
        int lockout_failures() default 5;

        String base_currency() default "USD";

        String[] tags() default {"a"};
    }

    @Retention(RetentionPolicy.RUNTIME)
    @interface Required {
        String name();
    }

    @Test
    void answersTheDefaultsUnlessOverridden() {
        Settings settings = ConfigurationProxies.of(Settings.class, Map.of("base_currency", "EUR"));

        assertThat(settings.lockout_failures()).isEqualTo(5);
        assertThat(settings.base_currency()).isEqualTo("EUR");
        assertThat(settings.tags()).containsExactly("a");
        assertThat(settings.annotationType()).isEqualTo(Settings.class);
        assertThat(settings).hasToString("Settings{base_currency=EUR}").isEqualTo(settings);
    }

    @Test
    void refusesWhatIsNotAnAttributeOrNotOfItsType() {
        assertThatThrownBy(() -> ConfigurationProxies.of(Settings.class, Map.of("lockout_minutes", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockout_minutes");
        assertThatThrownBy(() -> ConfigurationProxies.of(Settings.class, Map.of("lockout_failures", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockout_failures");
    }

    @Test
    void wantsAttributesWithoutDefault() {
        assertThatThrownBy(() -> ConfigurationProxies.of(Required.class, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThat(ConfigurationProxies.of(Required.class, Map.of("name", "x")).name()).isEqualTo("x");
    }
}
