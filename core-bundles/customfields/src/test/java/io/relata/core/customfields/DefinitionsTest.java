package io.relata.core.customfields;

import static io.relata.core.customfields.FieldSpec.CUSTOMER;
import static io.relata.core.customfields.FieldSpec.field;
import static io.relata.testing.Refusals.fieldsRejectedBy;
import static io.relata.testing.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.FieldType;
import io.relata.api.customfield.PicklistOption;
import io.relata.api.rest.Problem;
import io.relata.core.customfields.FieldFields.OptionFields;

/** Definitions: what administrators create, change and delete, and what modules define. */
class DefinitionsTest {

    // ---- creating ----------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void createsAFieldWithDefaultsFilledIn(CustomFieldsFixture fixture) {
        CustomFieldDefinition tier = fixture.create(field("tier", FieldType.PICKLIST)
                .label("zh-CN", " 客户等级 ").options("gold", "silver", "bronze"));
        CustomFieldDefinition notes = fixture.create(field("notes", FieldType.LONG_TEXT).maxLength(2000));

        assertThat(UUID.fromString(tier.id())).isNotNull();
        assertThat(tier.recordType()).isEqualTo(CUSTOMER);
        assertThat(tier.labels()).isEqualTo(Map.of("en", "Label of tier", "zh-CN", "客户等级"));
        assertThat(tier.options()).extracting(PicklistOption::key).containsExactly("gold", "silver", "bronze");
        assertThat(tier.options()).allMatch(PicklistOption::active);
        assertThat(tier.option("silver").label("zh-CN")).as("falls back to English").isEqualTo("Option silver");
        assertThat(tier.required()).isFalse();
        assertThat(tier.active()).isTrue();
        assertThat(tier.module()).isNull();
        assertThat(tier.version()).isZero();
        assertThat(tier.position()).isEqualTo(10);
        assertThat(notes.position()).as("after the others").isEqualTo(20);
        assertThat(notes.maxLength()).isEqualTo(2000);
        assertThat(fixture.fields.find(tier.id())).hasValue(tier);
    }

    @OnEveryDatabase
    void keepsBoundsAsPlainDecimals(CustomFieldsFixture fixture) {
        CustomFieldDefinition rate = fixture.create(field("rate", FieldType.DECIMAL).range("-1.50", "1E+3"));
        CustomFieldDefinition seats = fixture.create(field("seats", FieldType.INTEGER).range("0", "100.0"));

        assertThat(rate.min()).isEqualTo(new BigDecimal("-1.5"));
        assertThat(rate.max().toString()).isEqualTo("1000");
        assertThat(seats.max()).isEqualTo(new BigDecimal("100"));
    }

    @OnEveryDatabase
    void listsActiveFieldsByPositionThenKey(CustomFieldsFixture fixture) {
        fixture.create(field("b_field", FieldType.TEXT).at(5));
        fixture.create(field("a_field", FieldType.TEXT).at(5));
        fixture.create(field("first", FieldType.TEXT).at(1));
        fixture.create(field("gone", FieldType.TEXT).at(0).inactive());
        fixture.create(field("budget", FieldType.DECIMAL).of("lead"));

        assertThat(fixture.fields.definitions(CUSTOMER)).extracting(CustomFieldDefinition::key)
                .containsExactly("first", "a_field", "b_field");
        assertThat(fixture.fields.list(CUSTOMER, true)).extracting(CustomFieldDefinition::key)
                .containsExactly("gone", "first", "a_field", "b_field");
        assertThat(fixture.fields.list(null, false)).extracting(CustomFieldDefinition::key)
                .containsExactly("first", "a_field", "b_field", "budget");
        assertThat(fixture.fields.definitions("nothing-here")).isEmpty();
        assertThat(fixture.fields.definitions(null)).isEmpty();
    }

    @OnEveryDatabase
    void keysAreUniquePerRecordTypeRegardlessOfCase(CustomFieldsFixture fixture) {
        CustomFieldDefinition region = fixture.create(field(" Region ", FieldType.TEXT));

        assertThat(region.key()).isEqualTo("region");
        Problem clash = refusal(() -> fixture.create(field("REGION", FieldType.INTEGER)));
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.detail()).isEqualTo("customer has a custom field region already");
        assertThat(fixture.create(field("region", FieldType.TEXT).of("lead")).key()).as("another record type")
                .isEqualTo("region");

        fixture.fields.deactivate(region.id());
        Problem deleted = refusal(() -> fixture.create(field("region", FieldType.TEXT)));
        assertThat(deleted.status()).as("a deleted field keeps its key: records keep its values").isEqualTo(409);
        assertThat(deleted.detail()).contains("make it active again");
        assertThat(fixture.count("SELECT COUNT(*) FROM core_custom_field")).isEqualTo(2);
    }

    @OnEveryDatabase
    void refusesDefinitionsThatAreNotValid(CustomFieldsFixture fixture) {
        assertThat(fieldsRejectedBy(() -> fixture.fields.create(new FieldFields("Customer", "1st", null,
                Map.of("fr", "Nom"), null, null, null, null, null, null, -1, null)))).containsExactlyInAnyOrder(
                "recordType", "key", "type", "labels.en", "labels.fr", "position");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("a-b", FieldType.TEXT)))).containsExactly("key");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("k".repeat(41), FieldType.TEXT))))
                .containsExactly("key");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("name", FieldType.TEXT).label("en", " "))))
                .containsExactly("labels.en");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("name", FieldType.TEXT).label("zh-CN",
                "名".repeat(201))))).containsExactly("labels.zh-CN");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("tier", FieldType.PICKLIST))))
                .containsExactly("options");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("tier", FieldType.MULTI_PICKLIST)
                .options("gold", "Gold", "-x")))).containsExactly("options[1].key", "options[2].key");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("name", FieldType.TEXT).options("a")
                .range("1", "2").references("contact")))).containsExactly("options", "min", "max", "referenceType");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("code", FieldType.TEXT).maxLength(256))))
                .containsExactly("maxLength");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("notes", FieldType.LONG_TEXT).maxLength(0))))
                .containsExactly("maxLength");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("seats", FieldType.INTEGER).maxLength(3))))
                .containsExactly("maxLength");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("seats", FieldType.INTEGER).range("0.5", null))))
                .containsExactly("min");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("rate", FieldType.DECIMAL).range("2", "1"))))
                .containsExactly("max");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("rate", FieldType.DECIMAL)
                .range("0.0000000000001", null)))).containsExactly("min");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("owner", FieldType.REFERENCE))))
                .containsExactly("referenceType");
        assertThat(fieldsRejectedBy(() -> fixture.create(field("owner", FieldType.REFERENCE).references("Contact"))))
                .containsExactly("referenceType");
        assertThat(fixture.count("SELECT COUNT(*) FROM core_custom_field")).isZero();
    }

    @OnEveryDatabase
    void aNullLabelOrOptionIsReportedNotThrown(CustomFieldsFixture fixture) {
        Map<String, String> labels = new HashMap<>();
        labels.put("en", null);
        List<OptionFields> options = new ArrayList<>();
        options.add(null);

        assertThat(fieldsRejectedBy(() -> fixture.fields.create(new FieldFields(CUSTOMER, "tier", FieldType.PICKLIST,
                labels, null, options, null, null, null, null, null, null)))).containsExactly("labels.en",
                "options[0]");
    }

    // ---- changing ----------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void changesLabelsRulesAndOptions(CustomFieldsFixture fixture) {
        CustomFieldDefinition tier = fixture.create(field("tier", FieldType.PICKLIST).options("gold", "silver")
                .retiredOption("tin"));

        CustomFieldDefinition changed = fixture.fields.change(tier.id(), tier.version(), new FieldFields(CUSTOMER,
                "tier", FieldType.PICKLIST, Map.of("en", "Tier", "zh-CN", "等级"), true, List.of(
                new OptionFields("platinum", Map.of("en", "Platinum"), null),
                new OptionFields("gold", Map.of("en", "Gold", "zh-CN", "金"), null),
                new OptionFields("tin", Map.of("en", "Tin"), null),
                new OptionFields("silver", Map.of("en", "Silver"), false)), null, null, null, null, 3, null));

        assertThat(changed.version()).isEqualTo(1);
        assertThat(changed.labels()).isEqualTo(Map.of("en", "Tier", "zh-CN", "等级"));
        assertThat(changed.required()).isTrue();
        assertThat(changed.position()).isEqualTo(3);
        assertThat(changed.active()).as("left out: as it was").isTrue();
        assertThat(changed.options()).containsExactly(
                new PicklistOption("platinum", Map.of("en", "Platinum"), true),
                new PicklistOption("gold", Map.of("en", "Gold", "zh-CN", "金"), true),
                new PicklistOption("tin", Map.of("en", "Tin"), false),
                new PicklistOption("silver", Map.of("en", "Silver"), false));
        assertThat(fixture.fields.find(tier.id())).hasValue(changed);
    }

    @OnEveryDatabase
    void neverRemovesAnOption(CustomFieldsFixture fixture) {
        CustomFieldDefinition tier = fixture.create(field("tier", FieldType.PICKLIST).options("gold", "silver"));

        Problem problem = refusal(() -> fixture.fields.change(tier.id(), tier.version(), new FieldFields(CUSTOMER,
                "tier", FieldType.PICKLIST, tier.labels(), null, List.of(new OptionFields("gold",
                Map.of("en", "Gold"), null)), null, null, null, null, null, null)));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).extracting(error -> error.field() + ": " + error.message()).containsExactly(
                "options: records may hold silver: keep the option and set active to false instead of removing it");
        assertThat(fixture.fields.find(tier.id())).hasValue(tier);
    }

    @OnEveryDatabase
    void refusesToChangeWhatStoredValuesDependOn(CustomFieldsFixture fixture) {
        CustomFieldDefinition employees = fixture.create(field("employees", FieldType.INTEGER));
        CustomFieldDefinition owner = fixture.create(field("owner", FieldType.REFERENCE).references("contact"));
        FieldFields same = FieldFields.of(employees);

        Problem typeChange = refusal(() -> fixture.fields.change(employees.id(), 0, withType(same, FieldType.TEXT)));
        assertThat(typeChange.status()).isEqualTo(409);
        assertThat(typeChange.detail()).startsWith("the type of a custom field cannot change");
        assertThat(refusal(() -> fixture.fields.change(employees.id(), 0, new FieldFields(CUSTOMER, "staff",
                FieldType.INTEGER, same.labels(), null, null, null, null, null, null, null, null))).status())
                .isEqualTo(409);
        assertThat(refusal(() -> fixture.fields.change(employees.id(), 0, new FieldFields("lead", "employees",
                FieldType.INTEGER, same.labels(), null, null, null, null, null, null, null, null))).status())
                .isEqualTo(409);
        assertThat(refusal(() -> fixture.fields.change(owner.id(), 0, new FieldFields(CUSTOMER, "owner",
                FieldType.REFERENCE, same.labels(), null, null, null, null, null, "lead", null, null))).detail())
                .startsWith("the reference type of a custom field cannot change");
        assertThat(fixture.fields.find(employees.id())).hasValue(employees);
        assertThat(fixture.fields.change(employees.id(), 0, new FieldFields(CUSTOMER, "EMPLOYEES",
                FieldType.INTEGER, same.labels(), null, null, null, null, null, null, null, null)).key())
                .as("the same key in other case").isEqualTo("employees");
    }

    @OnEveryDatabase
    void refusesAStaleVersionAndAnUnknownId(CustomFieldsFixture fixture) {
        CustomFieldDefinition nickname = fixture.create(field("nickname", FieldType.TEXT));
        fixture.fields.change(nickname.id(), 0, FieldFields.of(nickname));

        assertThat(refusal(() -> fixture.fields.change(nickname.id(), 0, FieldFields.of(nickname))).status())
                .isEqualTo(412);
        assertThat(refusal(() -> fixture.fields.change("no-such-id", 0, FieldFields.of(nickname))).status())
                .isEqualTo(404);
        assertThat(refusal(() -> fixture.fields.deactivate("no-such-id")).status()).isEqualTo(404);
        assertThat(fixture.fields.find("no-such-id")).isEmpty();
        assertThat(fixture.fields.find(null)).isEmpty();
    }

    @OnEveryDatabase
    void deletingDeactivatesAndAChangeReactivates(CustomFieldsFixture fixture) {
        CustomFieldDefinition nickname = fixture.create(field("nickname", FieldType.TEXT));

        CustomFieldDefinition deleted = fixture.fields.deactivate(nickname.id());
        assertThat(deleted.active()).isFalse();
        assertThat(deleted.version()).isEqualTo(1);
        assertThat(fixture.fields.deactivate(nickname.id()).version()).as("deleting again changes nothing")
                .isEqualTo(1);
        assertThat(fixture.fields.definitions(CUSTOMER)).isEmpty();

        FieldFields reactivation = new FieldFields(CUSTOMER, "nickname", FieldType.TEXT, deleted.labels(), null,
                null, null, null, null, null, null, true);
        CustomFieldDefinition back = fixture.fields.change(nickname.id(), 1, reactivation);
        assertThat(back.active()).isTrue();
        assertThat(fixture.fields.definitions(CUSTOMER)).containsExactly(back);
    }

    // ---- what modules define -----------------------------------------------------------------------------------

    @OnEveryDatabase
    void defineCreatesTheMissingFieldsOnceAndKeepsWhatAdministratorsChanged(CustomFieldsFixture fixture) {
        List<CustomFieldDefinition> shipped = List.of(
                field("mood", FieldType.PICKLIST).of("hello.greeting").options("happy", "sad").at(10).toDefinition(),
                field("rating", FieldType.INTEGER).of("hello.greeting").range("1", "5").at(20).toDefinition());

        fixture.fields.define("hello", shipped);
        fixture.fields.define("hello", shipped);

        List<CustomFieldDefinition> defined = fixture.fields.definitions("hello.greeting");
        assertThat(defined).extracting(CustomFieldDefinition::key).containsExactly("mood", "rating");
        assertThat(defined).extracting(CustomFieldDefinition::module).containsOnly("hello");
        CustomFieldDefinition mood = defined.get(0);
        CustomFieldDefinition rating = defined.get(1);

        fixture.fields.change(mood.id(), mood.version(), new FieldFields("hello.greeting", "mood",
                FieldType.PICKLIST, Map.of("en", "Feeling"), null, List.of(new OptionFields("happy",
                Map.of("en", "Happy"), null), new OptionFields("sad", Map.of("en", "Sad"), false)), null, null,
                null, null, null, null));
        fixture.fields.deactivate(rating.id());
        List<CustomFieldDefinition> nextRelease = new ArrayList<>(shipped);
        nextRelease.add(field("Weather", FieldType.TEXT).of("hello.greeting").at(30).toDefinition());
        fixture.fields.define("hello", nextRelease);

        assertThat(fixture.fields.list("hello.greeting", true)).extracting(CustomFieldDefinition::key)
                .containsExactly("mood", "rating", "weather");
        CustomFieldDefinition kept = fixture.fields.find(mood.id()).orElseThrow();
        assertThat(kept.labels()).isEqualTo(Map.of("en", "Feeling"));
        assertThat(kept.option("sad").active()).isFalse();
        assertThat(fixture.fields.find(rating.id()).orElseThrow().active()).as("stays deleted").isFalse();
        assertThat(fixture.count("SELECT COUNT(*) FROM core_custom_field")).isEqualTo(3);
        assertThat(fixture.count("SELECT COUNT(*) FROM core_custom_field_option")).isEqualTo(2);
    }

    @OnEveryDatabase
    void defineMatchesKeysRegardlessOfCaseAndIgnoresIdsAndVersions(CustomFieldsFixture fixture) {
        CustomFieldDefinition adminMade = fixture.create(field("region", FieldType.TEXT));
        CustomFieldDefinition shipped = new CustomFieldDefinition("my-own-id", CUSTOMER, "REGION", FieldType.TEXT,
                Map.of("en", "Region"), true, List.of(), null, null, null, null, 0, true, "someone-else", 7);

        fixture.fields.define("geo", List.of(shipped));

        assertThat(fixture.fields.definitions(CUSTOMER)).containsExactly(adminMade);
        fixture.fields.define("geo", List.of(new CustomFieldDefinition("my-own-id", CUSTOMER, "district",
                FieldType.TEXT, Map.of("en", "District"), false, null, null, null, null, null, 5, true, null, 7)));
        CustomFieldDefinition district = fixture.fields.definitions(CUSTOMER).get(0);
        assertThat(district.id()).isNotEqualTo("my-own-id");
        assertThat(district.version()).isZero();
        assertThat(district.module()).isEqualTo("geo");
    }

    @OnEveryDatabase
    void defineRefusesInvalidDefinitionsNamingThem(CustomFieldsFixture fixture) {
        List<CustomFieldDefinition> shipped = new ArrayList<>();
        shipped.add(field("ok", FieldType.TEXT).toDefinition());
        shipped.add(field("bad key", FieldType.TEXT).toDefinition());
        shipped.add(null);
        shipped.add(field("OK", FieldType.DATE).toDefinition());

        assertThat(fieldsRejectedBy(() -> fixture.fields.define("Hello World", shipped))).containsExactly("module",
                "definitions[1].key", "definitions[2]", "definitions[3].key");
        assertThat(fixture.count("SELECT COUNT(*) FROM core_custom_field")).as("nothing of it").isZero();
        fixture.fields.define("hello", null);
        fixture.fields.define("hello", List.of());
        assertThat(fixture.count("SELECT COUNT(*) FROM core_custom_field")).isZero();
    }

    @OnEveryDatabase
    void aRestartedServiceSeesTheSameDefinitions(CustomFieldsFixture fixture) {
        CustomFieldDefinition tier = fixture.create(field("tier", FieldType.MULTI_PICKLIST).options("b", "a")
                .label("zh-CN", "等级").required());

        assertThat(fixture.start().definitions(CUSTOMER)).containsExactly(tier);
    }

    private static FieldFields withType(FieldFields fields, FieldType type) {
        return new FieldFields(fields.recordType(), fields.key(), type, fields.labels(), fields.required(),
                fields.options(), fields.maxLength(), fields.min(), fields.max(), fields.referenceType(),
                fields.position(), fields.active());
    }
}
