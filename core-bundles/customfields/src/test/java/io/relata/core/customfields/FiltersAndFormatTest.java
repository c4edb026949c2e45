package io.relata.core.customfields;

import static io.relata.core.customfields.FieldSpec.CUSTOMER;
import static io.relata.core.customfields.FieldSpec.field;
import static io.relata.testing.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.FieldType;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;

/** Reading filters from query strings, and writing values as text for exports and the audit trail. */
class FiltersAndFormatTest {

    @OnEveryDatabase
    void parsesAFilterIntoTheFieldsType(CustomFieldsFixture fixture) {
        ValidateTest.createOneOfEachType(fixture);

        assertThat(fixture.fields.parseFilter(CUSTOMER, "nickname", " Acme ")).isEqualTo("Acme");
        assertThat(fixture.fields.parseFilter(CUSTOMER, "employees", "1200")).isEqualTo(1200L);
        assertThat(fixture.fields.parseFilter(CUSTOMER, "revenue", "12.50")).isEqualTo(new BigDecimal("12.5"));
        assertThat(fixture.fields.parseFilter(CUSTOMER, "founded", "1999-12-31")).isEqualTo(LocalDate.of(1999, 12,
                31));
        assertThat(fixture.fields.parseFilter(CUSTOMER, "listed", "false")).isEqualTo(false);
        assertThat(fixture.fields.parseFilter(CUSTOMER, "tier", "gold")).isEqualTo("gold");
        assertThat(fixture.fields.parseFilter(CUSTOMER, "regions", "north")).as("one option key").isEqualTo("north");
        assertThat(fixture.fields.parseFilter(CUSTOMER, "main_contact", "c-9")).as("visibility is the query's job")
                .isEqualTo("c-9");
    }

    @OnEveryDatabase
    void findsWhatRecordsMayStillHold(CustomFieldsFixture fixture) {
        fixture.create(field("tier", FieldType.PICKLIST).options("gold").retiredOption("tin"));
        fixture.create(field("rating", FieldType.INTEGER).range("1", "5"));

        assertThat(fixture.fields.parseFilter(CUSTOMER, "tier", "tin")).as("a retired option").isEqualTo("tin");
        assertThat(fixture.fields.parseFilter(CUSTOMER, "rating", "9")).as("from before the range").isEqualTo(9L);
    }

    @OnEveryDatabase
    void refusesFiltersNamingTheParameter(CustomFieldsFixture fixture) {
        ValidateTest.createOneOfEachType(fixture);
        CustomFieldDefinition legacy = fixture.create(field("legacy", FieldType.TEXT));
        fixture.fields.deactivate(legacy.id());

        assertThat(filterError(fixture, "nope", "x"))
                .isEqualTo(new FieldError("cf.nope", "is not a custom field of customer"));
        assertThat(filterError(fixture, "legacy", "x")).as("a deleted field")
                .isEqualTo(new FieldError("cf.legacy", "is not a custom field of customer"));
        assertThat(filterError(fixture, "employees", "many"))
                .isEqualTo(new FieldError("cf.employees", "is not a whole number"));
        assertThat(filterError(fixture, "founded", "yesterday"))
                .isEqualTo(new FieldError("cf.founded", "is not a date as yyyy-MM-dd"));
        assertThat(filterError(fixture, "listed", "maybe")).isEqualTo(new FieldError("cf.listed", "is true or false"));
        assertThat(filterError(fixture, "tier", "platinum").message()).startsWith("platinum is not an option");
        assertThat(filterError(fixture, "regions", "north,south").message()).as("one key per filter")
                .startsWith("north,south is not an option");
        assertThat(filterError(fixture, "nickname", " ")).isEqualTo(new FieldError("cf.nickname",
                "needs a value to look for"));
        assertThat(filterError(fixture, "nickname", null).field()).isEqualTo("cf.nickname");
        assertThat(fixture.fields.parseFilter(CUSTOMER, "nickname", "n".repeat(255))).isNotNull();
        assertThat(filterError(fixture, "nickname", "n".repeat(256)).message()).isEqualTo("at most 255 characters");
    }

    @OnEveryDatabase
    void formatsValuesAsPlainText(CustomFieldsFixture fixture) {
        assertThat(fixture.fields.format(null)).isEmpty();
        assertThat(fixture.fields.format("Acme")).isEqualTo("Acme");
        assertThat(fixture.fields.format(1200L)).isEqualTo("1200");
        assertThat(fixture.fields.format(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(fixture.fields.format(new BigDecimal("12.500"))).isEqualTo("12.5");
        assertThat(fixture.fields.format(new BigDecimal("0.0000001"))).isEqualTo("0.0000001");
        assertThat(fixture.fields.format(1.0E10)).isEqualTo("10000000000");
        assertThat(fixture.fields.format(LocalDate.of(2024, 3, 5))).isEqualTo("2024-03-05");
        assertThat(fixture.fields.format(true)).isEqualTo("true");
        assertThat(fixture.fields.format(List.of("north", "south"))).isEqualTo("north, south");
        assertThat(fixture.fields.format(List.of())).isEmpty();
    }

    @OnEveryDatabase
    void formatsWhatValidateAnswers(CustomFieldsFixture fixture) {
        ValidateTest.createOneOfEachType(fixture);
        Map<String, Object> valid = fixture.fields.validate(CUSTOMER, Map.of("revenue", "1e3", "founded",
                "2024-03-05", "regions", "south,north"), null);

        assertThat(valid.values()).extracting(fixture.fields::format).containsExactly("1000", "2024-03-05",
                "north, south");
    }

    private static FieldError filterError(CustomFieldsFixture fixture, String key, String text) {
        Problem problem = refusal(() -> fixture.fields.parseFilter(CUSTOMER, key, text));
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).hasSize(1);
        return problem.errors().get(0);
    }
}
