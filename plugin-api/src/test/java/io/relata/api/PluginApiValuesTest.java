package io.relata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.relata.api.module.ModuleDescriptor;
import io.relata.api.money.Money;
import io.relata.api.rest.Cursor;
import io.relata.api.rest.EntityVersion;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.Permission;

class PluginApiValuesTest {

    @Test
    void cursorRoundTripsAnyKeys() {
        Cursor cursor = Cursor.of("2026-11-29T01:00:00Z", "名字.with.dots|and|bars", "");
        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).matches("[A-Za-z0-9._-]+");
    }

    @Test
    void foreignCursorIsAValidationProblemNamingTheField() {
        for (String token : new String[] {"", "abc", "c2.AAAA", "c1.%%%"}) {
            assertThatThrownBy(() -> Cursor.decode(token))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(400);
                        assertThat(e.problem().errors()).extracting(FieldError::field).containsExactly("cursor");
                    });
        }
    }

    @Test
    void pageRequestDefaultsAndBounds() {
        assertThat(PageRequest.of(null, null)).isEqualTo(new PageRequest(PageRequest.DEFAULT_LIMIT, null));
        assertThat(PageRequest.of(" 200 ", " ").after()).isEmpty();
        assertThatThrownBy(() -> PageRequest.of("abc", null)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> PageRequest.of("0", null)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> PageRequest.of("201", null)).isInstanceOf(ProblemException.class);
    }

    @Test
    void ifMatchMissingIs428AndStaleIs412() {
        EntityVersion version = new EntityVersion(3);
        assertThat(version.etag()).isEqualTo("\"3\"");
        version.requireMatch("\"3\"");
        version.requireMatch("\"1\", \"3\"");
        version.requireMatch("*");
        assertThatThrownBy(() -> version.requireMatch(null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(428));
        assertThatThrownBy(() -> version.requireMatch("\"2\""))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(412));
        assertThatThrownBy(() -> version.requireMatch("3"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(412));
    }

    @Test
    void validationProblemSummarisesItsFields() {
        Problem one = Problem.validation("name", "must not be blank");
        assertThat(one.status()).isEqualTo(400);
        assertThat(one.detail()).isEqualTo("name: must not be blank");
        Problem two = Problem.validation(List.of(new FieldError("a", "x"), new FieldError("b", "y")));
        assertThat(two.detail()).isEqualTo("2 fields are not valid");
        assertThat(two.with("candidates", List.of("1")).extensions()).containsKey("candidates");
        assertThatThrownBy(() -> Problem.validation(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Problem.of(200, "x", "y", "z")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moduleDescriptorValidatesIdsAndCopiesLists() {
        ModuleDescriptor descriptor = ModuleDescriptor.builder("acme-loyalty").name("Loyalty").version("1.2.0")
                .requires("sales").licenseKey(" ").permission("loyalty.points:write", "Award points").build();
        assertThat(descriptor.requiredLicense()).isEmpty();
        assertThat(descriptor.requires()).containsExactly("sales");
        assertThat(descriptor.permissions()).extracting(Permission::id).containsExactly("loyalty.points:write");
        assertThatThrownBy(() -> ModuleDescriptor.builder("Bad Id").version("1").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModuleDescriptor.builder("ok").build())
                .hasMessageContaining("version");
        assertThatThrownBy(() -> new Permission("no-colon", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moneyKeepsItsCurrency() {
        Money price = Money.of("123.45", "CNY");
        assertThat(price.plus(Money.of("0.55", "CNY")).sameValueAs(Money.of("124", "CNY"))).isTrue();
        assertThat(price.toString()).isEqualTo("123.45 CNY");
        assertThatThrownBy(() -> price.plus(Money.of("1", "USD"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("12,5", "CNY")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("1", "XYZ1")).isInstanceOf(IllegalArgumentException.class);
    }
}
