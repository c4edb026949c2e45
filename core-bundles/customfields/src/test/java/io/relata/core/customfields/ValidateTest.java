package io.relata.core.customfields;

import static io.relata.core.customfields.CustomFieldsFixture.CONTACT;
import static io.relata.core.customfields.FieldSpec.CUSTOMER;
import static io.relata.core.customfields.FieldSpec.field;
import static io.relata.testing.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.relata.api.audit.RecordVisibility;
import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.FieldType;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;

/** What {@code validate} makes of the custom-field values a write leaves a record with. */
class ValidateTest {

    private static final Set<String> EVERY_KEY = null;

    // ---- normalising -------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void normalisesEveryTypeFromJsonishInput(CustomFieldsFixture fixture) {
        createOneOfEachType(fixture);
        fixture.visibleContacts.add("c-1");
        Map<String, Object> values = new HashMap<>();
        values.put("nickname", "  Acme  ");
        values.put("notes", "first line\nsecond line\n");
        values.put("employees", "1200");
        values.put("revenue", "12.50");
        values.put("founded", "1999-12-31");
        values.put("listed", "TRUE");
        values.put("tier", " gold ");
        values.put("regions", "south, north,south");
        values.put("main_contact", " c-1 ");

        Map<String, Object> valid = fixture.fields.validate(CUSTOMER, values, EVERY_KEY);

        assertThat(valid).containsExactly(entry("nickname", "Acme"), entry("notes", "first line\nsecond line"),
                entry("employees", 1200L), entry("revenue", new BigDecimal("12.5")),
                entry("founded", LocalDate.of(1999, 12, 31)), entry("listed", true), entry("tier", "gold"),
                entry("regions", List.of("north", "south")), entry("main_contact", "c-1"));
        assertThat(valid.get("employees")).isExactlyInstanceOf(Long.class);
        assertThat(valid.get("revenue")).isExactlyInstanceOf(BigDecimal.class);
        assertThat(valid.get("listed")).isExactlyInstanceOf(Boolean.class);
        assertThatThrownBy(() -> valid.put("nickname", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @OnEveryDatabase
    void takesNumbersDatesBooleansAndListsAsJavaValuesToo(CustomFieldsFixture fixture) {
        createOneOfEachType(fixture);
        Map<String, Object> values = new HashMap<>();
        values.put("employees", 42);
        values.put("revenue", 0.1);
        values.put("founded", LocalDate.of(2024, 2, 29));
        values.put("listed", false);
        values.put("regions", List.of("south", "north", "north"));

        assertThat(fixture.fields.validate(CUSTOMER, values, EVERY_KEY)).containsExactly(
                entry("employees", 42L), entry("revenue", new BigDecimal("0.1")),
                entry("founded", LocalDate.of(2024, 2, 29)), entry("listed", false),
                entry("regions", List.of("north", "south")));
    }

    @OnEveryDatabase
    void takesEveryKindOfWholeNumberAndWritesDecimalsPlainly(CustomFieldsFixture fixture) {
        createOneOfEachType(fixture);

        for (Object whole : List.of(7, 7L, (short) 7, (byte) 7, BigInteger.valueOf(7), new BigDecimal("7.000"), 7.0,
                "7", " 7.0 ", "7E0")) {
            assertThat(fixture.fields.validate(CUSTOMER, Map.of("employees", whole), EVERY_KEY))
                    .as("%s (%s)", whole, whole.getClass().getSimpleName()).containsExactly(entry("employees", 7L));
        }
        BigDecimal thousand = (BigDecimal) fixture.fields.validate(CUSTOMER, Map.of("revenue", "1E+3"), EVERY_KEY)
                .get("revenue");
        assertThat(thousand.toPlainString()).isEqualTo("1000");
        assertThat(thousand.toString()).isEqualTo("1000");
    }

    @OnEveryDatabase
    void leavesOutEmptyValues(CustomFieldsFixture fixture) {
        createOneOfEachType(fixture);
        Map<String, Object> values = new HashMap<>();
        values.put("nickname", "   ");
        values.put("notes", null);
        values.put("employees", "");
        values.put("founded", " ");
        values.put("listed", "");
        values.put("tier", "");
        values.put("regions", List.of());
        values.put("main_contact", "");

        assertThat(fixture.fields.validate(CUSTOMER, values, EVERY_KEY)).isEmpty();
        assertThat(fixture.fields.validate(CUSTOMER, Map.of("regions", " , "), EVERY_KEY)).isEmpty();
        assertThat(fixture.fields.validate(CUSTOMER, null, EVERY_KEY)).isEmpty();
    }

    @OnEveryDatabase
    void answersInDefinitionOrder(CustomFieldsFixture fixture) {
        fixture.create(field("zeta", FieldType.TEXT).at(1));
        fixture.create(field("alpha", FieldType.TEXT).at(2));
        fixture.create(field("beta", FieldType.TEXT).at(2));

        assertThat(fixture.fields.validate(CUSTOMER, Map.of("alpha", "a", "beta", "b", "zeta", "z"), EVERY_KEY)
                .keySet()).containsExactly("zeta", "alpha", "beta");
    }

    // ---- refusing ----------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void refusesValuesOfTheWrongTypeNamingEachField(CustomFieldsFixture fixture) {
        createOneOfEachType(fixture);
        Map<String, Object> values = new HashMap<>();
        values.put("nickname", 42);
        values.put("notes", true);
        values.put("employees", "12.5");
        values.put("revenue", "1,5");
        values.put("founded", "31/12/1999");
        values.put("listed", "yes");
        values.put("tier", 3);
        values.put("regions", Map.of("north", true));
        values.put("main_contact", 17);

        assertThat(errors(fixture, values, EVERY_KEY)).containsExactly(
                new FieldError("customFields.nickname", "is not text"),
                new FieldError("customFields.notes", "is not text"),
                new FieldError("customFields.employees", "is not a whole number"),
                new FieldError("customFields.revenue", "is not a number"),
                new FieldError("customFields.founded", "is not a date as yyyy-MM-dd"),
                new FieldError("customFields.listed", "is true or false"),
                new FieldError("customFields.tier", "is not an option key"),
                new FieldError("customFields.regions", "is a list of option keys"),
                new FieldError("customFields.main_contact", "is not a record id"));
    }

    @OnEveryDatabase
    void refusesDatesThatDoNotExistAndNumbersThatDoNotFit(CustomFieldsFixture fixture) {
        createOneOfEachType(fixture);

        assertThat(errors(fixture, Map.of("founded", "2023-02-29"), EVERY_KEY))
                .containsExactly(new FieldError("customFields.founded", "is not a date as yyyy-MM-dd"));
        assertThat(errors(fixture, Map.of("founded", "+12024-01-01"), EVERY_KEY)).hasSize(1);
        assertThat(errors(fixture, Map.of("employees", "9223372036854775808"), EVERY_KEY)).hasSize(1);
        assertThat(errors(fixture, Map.of("employees", Double.NaN), EVERY_KEY)).hasSize(1);
        assertThat(errors(fixture, Map.of("employees", "1e999999999"), EVERY_KEY))
                .containsExactly(new FieldError("customFields.employees", "is not a whole number"));
        assertThat(errors(fixture, Map.of("revenue", "0.0000000000001"), EVERY_KEY))
                .containsExactly(new FieldError("customFields.revenue", "at most 12 decimal places"));
        assertThat(errors(fixture, Map.of("revenue", "1234567890123456789"), EVERY_KEY))
                .containsExactly(new FieldError("customFields.revenue", "at most 18 digits before the decimal point"));
        assertThat(errors(fixture, Map.of("revenue", "1e999999999"), EVERY_KEY)).hasSize(1);
        assertThat(fixture.fields.validate(CUSTOMER, Map.of("revenue", "-123456789012345678.123456789012"),
                EVERY_KEY)).containsEntry("revenue", new BigDecimal("-123456789012345678.123456789012"));
    }

    @OnEveryDatabase
    void refusesOverlongText(CustomFieldsFixture fixture) {
        fixture.create(field("nickname", FieldType.TEXT));
        fixture.create(field("notes", FieldType.LONG_TEXT));
        fixture.create(field("code", FieldType.TEXT).maxLength(5));

        assertThat(fixture.fields.validate(CUSTOMER, Map.of("nickname", "n".repeat(255), "notes", "n".repeat(10_000),
                "code", "中文五个字"), EVERY_KEY)).hasSize(3);
        assertThat(errors(fixture, Map.of("nickname", "n".repeat(256), "notes", "n".repeat(10_001),
                "code", "abcdef"), EVERY_KEY)).containsExactly(
                new FieldError("customFields.nickname", "at most 255 characters"),
                new FieldError("customFields.notes", "at most 10000 characters"),
                new FieldError("customFields.code", "at most 5 characters"));
    }

    @OnEveryDatabase
    void refusesNumbersOutsideTheRange(CustomFieldsFixture fixture) {
        fixture.create(field("rating", FieldType.INTEGER).range("1", "5"));
        fixture.create(field("discount", FieldType.DECIMAL).range("0", null));
        fixture.create(field("share", FieldType.DECIMAL).range(null, "0.5"));

        assertThat(fixture.fields.validate(CUSTOMER, Map.of("rating", 5, "discount", "0", "share", "0.50"),
                EVERY_KEY)).hasSize(3);
        assertThat(errors(fixture, Map.of("rating", 6, "discount", "-0.01", "share", "0.5000001"), EVERY_KEY))
                .containsExactly(new FieldError("customFields.rating", "from 1 to 5"),
                        new FieldError("customFields.discount", "at least 0"),
                        new FieldError("customFields.share", "at most 0.5"));
        assertThat(errors(fixture, Map.of("rating", "0"), EVERY_KEY))
                .containsExactly(new FieldError("customFields.rating", "from 1 to 5"));
    }

    @OnEveryDatabase
    void refusesPicklistKeysThatAreNotOptions(CustomFieldsFixture fixture) {
        fixture.create(field("tier", FieldType.PICKLIST).options("gold", "silver"));
        fixture.create(field("regions", FieldType.MULTI_PICKLIST).options("north", "south"));

        assertThat(errors(fixture, Map.of("tier", "platinum", "regions", List.of("north", "east")), EVERY_KEY))
                .containsExactly(new FieldError("customFields.tier", "platinum is not an option; choose gold, silver"),
                        new FieldError("customFields.regions", "east is not an option; choose north, south"));
        assertThat(errors(fixture, Map.of("tier", "Gold"), EVERY_KEY)).as("keys are exact").hasSize(1);
    }

    @OnEveryDatabase
    void refusesKeysTheRecordTypeHasNoFieldFor(CustomFieldsFixture fixture) {
        fixture.create(field("nickname", FieldType.TEXT));
        fixture.create(field("budget", FieldType.DECIMAL).of("lead"));

        Problem problem = refusal(() -> fixture.fields.validate(CUSTOMER, Map.of("nickname", "Acme", "budget", "1",
                "zzz", "x"), EVERY_KEY));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.type()).endsWith("/validation");
        assertThat(problem.errors()).containsExactly(
                new FieldError("customFields.budget", "is not a custom field of customer"),
                new FieldError("customFields.zzz", "is not a custom field of customer"));
        assertThat(errors(fixture, Map.of("Nickname", "Acme"), EVERY_KEY)).hasSize(1);
    }

    @OnEveryDatabase
    void requiresRequiredValuesWhateverTheWriteTouches(CustomFieldsFixture fixture) {
        fixture.create(field("tax_id", FieldType.TEXT).required());
        fixture.create(field("vip", FieldType.BOOLEAN).required());
        fixture.create(field("nickname", FieldType.TEXT));

        Problem problem = refusal(() -> fixture.fields.validate(CUSTOMER, Map.of("nickname", "Acme"),
                Set.of("nickname")));

        assertThat(problem.errors()).containsExactly(new FieldError("customFields.tax_id", "is required"),
                new FieldError("customFields.vip", "is required"));
        assertThat(errors(fixture, Map.of("tax_id", "  ", "vip", ""), EVERY_KEY)).extracting(FieldError::message)
                .containsOnly("is required");
        assertThat(fixture.fields.validate(CUSTOMER, Map.of("tax_id", "91310000", "vip", false), EVERY_KEY))
                .as("false is a value").containsEntry("vip", false);
    }

    @OnEveryDatabase
    void aSingleBadValueIsTheProblemDetail(CustomFieldsFixture fixture) {
        fixture.create(field("tier", FieldType.PICKLIST).options("gold"));

        Problem problem = refusal(() -> fixture.fields.validate(CUSTOMER, Map.of("tier", "tin"), EVERY_KEY));

        assertThat(problem.detail()).isEqualTo("customFields.tier: tin is not an option; choose gold");
    }

    // ---- inactive definitions and changed keys -----------------------------------------------------------------

    @OnEveryDatabase
    void dropsValuesOfDeletedFieldsWithoutLookingAtThem(CustomFieldsFixture fixture) {
        CustomFieldDefinition legacy = fixture.create(field("legacy_code", FieldType.INTEGER).required());
        fixture.create(field("nickname", FieldType.TEXT));
        fixture.fields.deactivate(legacy.id());

        assertThat(fixture.fields.validate(CUSTOMER, Map.of("legacy_code", "not even a number", "nickname", "Acme"),
                EVERY_KEY)).containsExactly(entry("nickname", "Acme"));
        assertThat(fixture.fields.validate(CUSTOMER, Map.of(), EVERY_KEY)).as("no longer required").isEmpty();
    }

    @OnEveryDatabase
    void aRetiredOptionStaysOnRecordsUntilTheWriteChangesTheField(CustomFieldsFixture fixture) {
        fixture.create(field("tier", FieldType.PICKLIST).options("gold").retiredOption("bronze"));
        fixture.create(field("regions", FieldType.MULTI_PICKLIST).options("north").retiredOption("west"));
        fixture.create(field("nickname", FieldType.TEXT));
        Map<String, Object> stored = Map.of("tier", "bronze", "regions", List.of("west", "north"), "nickname", "Acme");

        assertThat(fixture.fields.validate(CUSTOMER, stored, Set.of("nickname"))).containsExactly(
                entry("tier", "bronze"), entry("regions", List.of("north", "west")), entry("nickname", "Acme"));
        assertThat(errors(fixture, stored, Set.of("tier", "regions"))).containsExactly(
                new FieldError("customFields.tier", "bronze is a retired option that new values cannot choose"),
                new FieldError("customFields.regions", "west is a retired option that new values cannot choose"));
        assertThat(errors(fixture, stored, EVERY_KEY)).as("null checks every value").hasSize(2);
    }

    @OnEveryDatabase
    void typesLengthsAndRangesAreCheckedForUnchangedValuesToo(CustomFieldsFixture fixture) {
        fixture.create(field("rating", FieldType.INTEGER).range("1", "5"));
        fixture.create(field("tier", FieldType.PICKLIST).options("gold"));
        fixture.create(field("nickname", FieldType.TEXT));

        assertThat(errors(fixture, Map.of("rating", 9, "tier", "tin", "nickname", "Acme"), Set.of("nickname")))
                .extracting(FieldError::field).containsExactly("customFields.rating", "customFields.tier");
    }

    // ---- references --------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void referencesRecordsTheUserCanSee(CustomFieldsFixture fixture) {
        fixture.create(field("main_contact", FieldType.REFERENCE).references(CONTACT));
        fixture.visibleContacts.add("c-1");

        assertThat(fixture.fields.validate(CUSTOMER, Map.of("main_contact", "c-1"), EVERY_KEY))
                .containsExactly(entry("main_contact", "c-1"));
        assertThat(errors(fixture, Map.of("main_contact", "c-2"), EVERY_KEY))
                .containsExactly(new FieldError("customFields.main_contact", "is not a contact you can see"));
        assertThat(errors(fixture, Map.of("main_contact", "c".repeat(65)), EVERY_KEY))
                .containsExactly(new FieldError("customFields.main_contact", "is not a record id"));
    }

    @OnEveryDatabase
    void refusesReferencesNobodyCanVouchFor(CustomFieldsFixture fixture) {
        fixture.create(field("partner", FieldType.REFERENCE).references("partner"));
        fixture.create(field("main_contact", FieldType.REFERENCE).references(CONTACT));
        fixture.visibleContacts.add("c-1");

        assertThat(errors(fixture, Map.of("partner", "p-1"), EVERY_KEY)).as("no visibility service")
                .containsExactly(new FieldError("customFields.partner", "is not a partner you can see"));

        fixture.fields.addVisibility(recordId -> {
            throw new IllegalStateException("the partner module is broken");
        }, Map.of(RecordVisibility.RECORD_TYPE, "partner"));
        assertThat(errors(fixture, Map.of("partner", "p-1"), EVERY_KEY)).as("a service that throws").hasSize(1);

        fixture.fields.removeVisibility(fixture.contactVisibility,
                Map.of(RecordVisibility.RECORD_TYPE, CONTACT));
        assertThat(errors(fixture, Map.of("main_contact", "c-1"), EVERY_KEY)).as("the service went away")
                .containsExactly(new FieldError("customFields.main_contact", "is not a contact you can see"));
    }

    @OnEveryDatabase
    void everyServiceOfTheTypeHasToAgree(CustomFieldsFixture fixture) {
        fixture.create(field("main_contact", FieldType.REFERENCE).references(CONTACT));
        fixture.visibleContacts.add("c-1");
        RecordVisibility stricter = recordId -> false;
        fixture.fields.addVisibility(stricter, Map.of(RecordVisibility.RECORD_TYPE, CONTACT));

        assertThat(errors(fixture, Map.of("main_contact", "c-1"), EVERY_KEY)).hasSize(1);

        fixture.fields.removeVisibility(stricter, Map.of(RecordVisibility.RECORD_TYPE, CONTACT));
        assertThat(fixture.fields.validate(CUSTOMER, Map.of("main_contact", "c-1"), EVERY_KEY)).hasSize(1);
    }

    @OnEveryDatabase
    void keepsAnUnchangedReferenceTheUserCanNoLongerSee(CustomFieldsFixture fixture) {
        fixture.create(field("main_contact", FieldType.REFERENCE).references(CONTACT));
        fixture.create(field("nickname", FieldType.TEXT));

        assertThat(fixture.fields.validate(CUSTOMER, Map.of("main_contact", "c-9", "nickname", "Acme"),
                Set.of("nickname"))).containsEntry("main_contact", "c-9");
        assertThat(errors(fixture, Map.of("main_contact", "c-9"), Set.of("main_contact"))).hasSize(1);
    }

    /** One field of each type on customers: the keys the tests above use. */
    static void createOneOfEachType(CustomFieldsFixture fixture) {
        fixture.create(field("nickname", FieldType.TEXT));
        fixture.create(field("notes", FieldType.LONG_TEXT));
        fixture.create(field("employees", FieldType.INTEGER));
        fixture.create(field("revenue", FieldType.DECIMAL));
        fixture.create(field("founded", FieldType.DATE));
        fixture.create(field("listed", FieldType.BOOLEAN));
        fixture.create(field("tier", FieldType.PICKLIST).options("gold", "silver"));
        fixture.create(field("regions", FieldType.MULTI_PICKLIST).options("north", "south"));
        fixture.create(field("main_contact", FieldType.REFERENCE).references(CONTACT));
    }

    private static List<FieldError> errors(CustomFieldsFixture fixture, Map<String, ?> values,
                                           Set<String> changedKeys) {
        Problem problem = refusal(() -> fixture.fields.validate(CUSTOMER, values, changedKeys));
        assertThat(problem.status()).as(problem.detail()).isEqualTo(400);
        return problem.errors();
    }
}
