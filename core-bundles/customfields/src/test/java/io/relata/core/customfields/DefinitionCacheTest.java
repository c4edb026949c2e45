package io.relata.core.customfields;

import static io.relata.core.customfields.FieldSpec.CUSTOMER;
import static io.relata.core.customfields.FieldSpec.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.relata.api.customfield.CustomFieldDefinition;
import io.relata.api.customfield.FieldType;

/**
 * Definitions are remembered between reads, and a change made through the service is seen by the very next read,
 * while a change behind its back is seen once the entry expires.
 */
class DefinitionCacheTest {

    private static String englishLabel(JdbcCustomFields fields, String key) {
        return fields.definitions(CUSTOMER).stream().filter(field -> field.key().equals(key)).findFirst()
                .orElseThrow().labels().get("en");
    }

    @OnEveryDatabase
    void readsAreRememberedAndEveryChangeThroughTheServiceIsSeenAtOnce(CustomFieldsFixture fixture) {
        CustomFieldDefinition region = fixture.create(field("region", FieldType.TEXT).label("en", "Region"));
        assertThat(englishLabel(fixture.fields, "region")).isEqualTo("Region");

        fixture.execute("UPDATE core_custom_field_label SET label = ? WHERE field_id = ? AND locale = 'en'",
                "Area", region.id());
        assertThat(englishLabel(fixture.fields, "region")).as("remembered: the write behind its back is not seen yet")
                .isEqualTo("Region");
        assertThat(fixture.start().definitions(CUSTOMER).get(0).labels().get("en"))
                .as("what the database holds").isEqualTo("Area");

        fixture.create(field("tier", FieldType.TEXT));
        assertThat(fixture.fields.definitions(CUSTOMER)).extracting(CustomFieldDefinition::key)
                .as("a field created through the service").containsExactly("region", "tier");
        assertThat(englishLabel(fixture.fields, "region")).as("and everything was read again").isEqualTo("Area");

        CustomFieldDefinition tier = fixture.fields.definitions(CUSTOMER).get(1);
        fixture.fields.change(tier.id(), tier.version(), field("tier", FieldType.TEXT).label("en", "Tier")
                .toFields());
        assertThat(englishLabel(fixture.fields, "tier")).as("a change").isEqualTo("Tier");

        fixture.fields.deactivate(tier.id());
        assertThat(fixture.fields.definitions(CUSTOMER)).extracting(CustomFieldDefinition::key)
                .as("a deactivation").containsExactly("region");

        fixture.fields.define("sales", List.of(field("segment", FieldType.TEXT).toDefinition()));
        assertThat(fixture.fields.definitions(CUSTOMER)).extracting(CustomFieldDefinition::key)
                .as("a module's definitions").containsExactlyInAnyOrder("region", "segment");
    }

    @OnEveryDatabase
    void aTransactionThatWroteDefinitionsReadsThemFromTheDatabaseUntilItEnds(CustomFieldsFixture fixture) {
        HandTransactions transactions = fixture.transactions;
        transactions.begin();
        CustomFieldDefinition region = fixture.create(field("region", FieldType.TEXT).label("en", "Region"));
        assertThat(transactions.afterCommit)
                .as("the commit forgets again, once for the field's statements and its label's").hasSize(1);
        assertThat(englishLabel(fixture.fields, "region")).isEqualTo("Region");
        fixture.execute("UPDATE core_custom_field_label SET label = ? WHERE field_id = ? AND locale = 'en'",
                "Area", region.id());
        assertThat(englishLabel(fixture.fields, "region")).as("the writing transaction sees the database as it is")
                .isEqualTo("Area");
        transactions.commit();

        assertThat(englishLabel(fixture.fields, "region")).isEqualTo("Area");
        fixture.execute("UPDATE core_custom_field_label SET label = ? WHERE field_id = ? AND locale = 'en'",
                "Zone", region.id());
        transactions.begin();
        assertThat(englishLabel(fixture.fields, "region"))
                .as("a later transaction that wrote no definitions reads what is remembered, as a reader outside does")
                .isEqualTo("Area");
        transactions.commit();
    }

    @Test
    void entriesExpireAndALoadThatBeganBeforeAForgettingIsNotKept() {
        AtomicLong now = new AtomicLong();
        DefinitionCache cache = new DefinitionCache(1_000, now::get);
        AtomicInteger loads = new AtomicInteger();
        List<CustomFieldDefinition> none = List.of();

        cache.get(CUSTOMER, () -> { loads.incrementAndGet(); return none; });
        cache.get(CUSTOMER, () -> { loads.incrementAndGet(); return none; });
        assertThat(loads).as("remembered").hasValue(1);
        now.addAndGet(999);
        cache.get(CUSTOMER, () -> { loads.incrementAndGet(); return none; });
        assertThat(loads).as("still young").hasValue(1);
        now.addAndGet(1);
        cache.get(CUSTOMER, () -> { loads.incrementAndGet(); return none; });
        assertThat(loads).as("expired").hasValue(2);

        cache.forget();
        cache.get(CUSTOMER, () -> { loads.incrementAndGet(); cache.forget(); return none; });
        cache.get(CUSTOMER, () -> { loads.incrementAndGet(); return none; });
        assertThat(loads).as("the value loaded across a forgetting was not kept").hasValue(4);
        cache.get(CUSTOMER, () -> { loads.incrementAndGet(); return none; });
        assertThat(loads).hasValue(4);
    }
}
