package io.relata.core.reference;

import static io.relata.testing.Refusals.fieldsRejectedBy;
import static io.relata.testing.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.relata.api.reference.PicklistValue;
import io.relata.api.reference.Picklists;
import io.relata.core.reference.JdbcPicklists.StoredValue;
import io.relata.core.reference.JdbcPicklists.ValueFields;

/** Picklists: core's seeds, what administrators change, what modules define, and validating a record's key. */
class PicklistsTest {

    private static final Map<String, String> BOTH = Map.of("en", "Agriculture", "zh-CN", "农业");

    // ---- seeds ---------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void seedsIndustriesInBothLanguages(ReferenceFixture fixture) {
        List<PicklistValue> industries = fixture.picklists.values(Picklists.INDUSTRY);

        assertThat(fixture.picklists.names()).containsExactly("industry", "lead-source");
        assertThat(industries).extracting(PicklistValue::key)
                .startsWith("technology", "manufacturing", "retail", "finance", "healthcare", "education",
                        "government")
                .endsWith("other");
        assertThat(industries).allMatch(PicklistValue::active)
                .allSatisfy(value -> assertThat(value.labels()).containsOnlyKeys("en", "zh-CN"));
        assertThat(industries).extracting(PicklistValue::position).isSorted().doesNotHaveDuplicates();
        assertThat(industries.get(0).labels()).containsEntry("en", "Technology").containsEntry("zh-CN", "科技");
        assertThat(fixture.picklists.value(Picklists.INDUSTRY, "other").orElseThrow().label("zh-CN"))
                .isEqualTo("其他");
    }

    @OnEveryDatabase
    void seedsLeadSourcesInBothLanguages(ReferenceFixture fixture) {
        assertThat(fixture.picklists.values(Picklists.LEAD_SOURCE)).extracting(PicklistValue::key)
                .containsExactly("web", "trade-show", "referral", "advertisement", "cold-call", "partner", "import",
                        "other");
        assertThat(fixture.picklists.value(Picklists.LEAD_SOURCE, "trade-show").orElseThrow().labels())
                .isEqualTo(Map.of("en", "Trade show", "zh-CN", "展会"));
    }

    @OnEveryDatabase
    void startingAgainKeepsWhatAdministratorsChangedAndAddsMissingDefaults(ReferenceFixture fixture) {
        StoredValue other = fixture.picklists.stored(Picklists.INDUSTRY, "other").orElseThrow();
        fixture.picklists.change(Picklists.INDUSTRY, "other", other.version(),
                new ValueFields(Map.of("en", "Miscellaneous"), 5, false));
        fixture.execute("DELETE FROM core_picklist_label WHERE value_key = 'retail'");
        fixture.execute("DELETE FROM core_picklist_value WHERE value_key = 'retail'");

        JdbcPicklists restarted = fixture.startPicklists();

        assertThat(restarted.value(Picklists.INDUSTRY, "other")).hasValue(
                new PicklistValue("other", Map.of("en", "Miscellaneous"), 5, false));
        assertThat(restarted.value(Picklists.INDUSTRY, "retail")).isPresent();
        assertThat(restarted.values(Picklists.INDUSTRY)).hasSize(DefaultPicklists.INDUSTRY.values().size());
    }

    // ---- validating a record's field -----------------------------------------------------------------------

    @OnEveryDatabase
    void containsAnswersForActiveKeysOnly(ReferenceFixture fixture) {
        assertThat(fixture.picklists.contains("industry", "technology")).isTrue();
        assertThat(fixture.picklists.contains("lead-source", "web")).isTrue();
        assertThat(fixture.picklists.contains("industry", "web")).as("another picklist's key").isFalse();
        assertThat(fixture.picklists.contains("industry", "Technology")).isFalse();
        assertThat(fixture.picklists.contains("industry", "")).isFalse();
        assertThat(fixture.picklists.contains("industry", null)).isFalse();
        assertThat(fixture.picklists.contains("no-such-list", "technology")).isFalse();
        assertThat(fixture.picklists.contains(null, "technology")).isFalse();

        deactivate(fixture, "industry", "technology");

        assertThat(fixture.picklists.contains("industry", "technology")).isFalse();
        assertThat(fixture.picklists.value("industry", "technology")).as("still there for records that have it")
                .hasValueSatisfying(value -> assertThat(value.active()).isFalse());
    }

    @OnEveryDatabase
    void unknownPicklistsHaveNoValues(ReferenceFixture fixture) {
        assertThat(fixture.picklists.values("no-such-list")).isEmpty();
        assertThat(fixture.picklists.values(null)).isEmpty();
        assertThat(fixture.picklists.value("no-such-list", "x")).isEmpty();
    }

    // ---- administrators' changes ---------------------------------------------------------------------------

    @OnEveryDatabase
    void administratorsChangeLabelsOrderAndState(ReferenceFixture fixture) {
        StoredValue retail = fixture.picklists.stored("industry", "retail").orElseThrow();

        StoredValue changed = fixture.picklists.change("industry", "retail", retail.version(),
                new ValueFields(Map.of("en", " Retail & e-commerce ", "zh-CN", "零售与电商"), 1, null));

        assertThat(changed.version()).isEqualTo(retail.version() + 1);
        assertThat(changed.value()).isEqualTo(new PicklistValue("retail",
                Map.of("en", "Retail & e-commerce", "zh-CN", "零售与电商"), 1, true));
        assertThat(fixture.picklists.values("industry").get(0).key()).as("listed first now").isEqualTo("retail");

        StoredValue englishOnly = fixture.picklists.change("industry", "retail", changed.version(),
                new ValueFields(Map.of("en", "Retail"), null, false));

        assertThat(englishOnly.value()).as("labels replaced, position kept")
                .isEqualTo(new PicklistValue("retail", Map.of("en", "Retail"), 1, false));
        assertThat(englishOnly.value().label("zh-CN")).as("falls back to English").isEqualTo("Retail");
    }

    @OnEveryDatabase
    void aChangeToAnOutdatedVersionIsRefused(ReferenceFixture fixture) {
        StoredValue retail = fixture.picklists.stored("industry", "retail").orElseThrow();
        fixture.picklists.change("industry", "retail", retail.version(), new ValueFields(BOTH, null, null));

        assertThat(refusal(() -> fixture.picklists.change("industry", "retail", retail.version(),
                new ValueFields(Map.of("en", "Shops"), null, null))).status()).isEqualTo(412);
        assertThat(refusal(() -> fixture.picklists.change("industry", "no-such-key", 0,
                new ValueFields(BOTH, null, null))).status()).isEqualTo(404);
        assertThat(fixture.picklists.value("industry", "retail").orElseThrow().labels()).isEqualTo(BOTH);
    }

    @OnEveryDatabase
    void administratorsAddValuesLastUnlessTheyPlaceThem(ReferenceFixture fixture) {
        int last = fixture.picklists.values("industry").get(fixture.picklists.values("industry").size() - 1)
                .position();

        StoredValue agriculture = fixture.picklists.add("industry", "agriculture", new ValueFields(BOTH, null, null));
        StoredValue mining = fixture.picklists.add("industry", "mining",
                new ValueFields(Map.of("en", "Mining"), 15, false));

        assertThat(agriculture.value()).isEqualTo(new PicklistValue("agriculture", BOTH, last + 10, true));
        assertThat(agriculture.version()).isZero();
        assertThat(mining.value().position()).isEqualTo(15);
        assertThat(fixture.picklists.values("industry")).extracting(PicklistValue::key)
                .startsWith("technology", "mining").endsWith("agriculture");
        assertThat(fixture.picklists.contains("industry", "agriculture")).isTrue();
        assertThat(fixture.picklists.contains("industry", "mining")).isFalse();
        assertThat(refusal(() -> fixture.picklists.add("industry", "mining", new ValueFields(BOTH, null, null)))
                .status()).isEqualTo(409);
        assertThat(refusal(() -> fixture.picklists.add("no-such-list", "mining", new ValueFields(BOTH, null, null)))
                .status()).isEqualTo(404);
    }

    @OnEveryDatabase
    void eachInvalidFieldIsNamed(ReferenceFixture fixture) {
        for (String key : new String[] {"Mining", "mining co", "mining_co", "矿业", "", "x".repeat(41)}) {
            assertThat(fieldsRejectedBy(() -> fixture.picklists.add("industry", key,
                    new ValueFields(BOTH, null, null)))).as(key).containsExactly("key");
        }
        assertThat(fieldsRejectedBy(() -> fixture.picklists.add("industry", "mining",
                new ValueFields(Map.of("zh-CN", "矿业"), null, null)))).containsExactly("labels.en");
        assertThat(fieldsRejectedBy(() -> fixture.picklists.add("industry", "mining",
                new ValueFields(null, null, null)))).containsExactly("labels.en");
        assertThat(fieldsRejectedBy(() -> fixture.picklists.add("industry", "mining",
                new ValueFields(Map.of("en", "Mining", "fr", "Mines"), null, null)))).containsExactly("labels.fr");
        Map<String, String> blankEnglish = new HashMap<>();
        blankEnglish.put("en", null);
        assertThat(fieldsRejectedBy(() -> fixture.picklists.add("industry", "mining",
                new ValueFields(blankEnglish, null, null)))).containsExactly("labels.en");
        for (String label : new String[] {" ", "x".repeat(201)}) {
            assertThat(fieldsRejectedBy(() -> fixture.picklists.add("industry", "mining",
                    new ValueFields(Map.of("en", "Mining", "zh-CN", label), null, null)))).containsExactly("labels.zh-CN");
        }
        assertThat(fieldsRejectedBy(() -> fixture.picklists.add("industry", "mining",
                new ValueFields(BOTH, -1, null)))).containsExactly("position");
        assertThat(fieldsRejectedBy(() -> fixture.picklists.add("industry", "Mining Co",
                new ValueFields(Map.of("de", "Bergbau"), -1, null)))).containsExactly("key", "labels.en", "labels.de",
                "position");
        assertThat(fixture.picklists.value("industry", "mining")).isEmpty();
        assertThat(fixture.picklists.add("industry", "x".repeat(40), new ValueFields(Map.of("en",
                "x".repeat(200)), 0, null)).value().key()).hasSize(40);
    }

    // ---- modules' picklists --------------------------------------------------------------------------------

    @OnEveryDatabase
    void aModuleDefinesItsOwnPicklistAndLaterAddsValues(ReferenceFixture fixture) {
        PicklistValue happy = new PicklistValue("happy", Map.of("en", "Happy", "zh-CN", "开心"), 10, true);
        PicklistValue sad = new PicklistValue("sad", Map.of("en", "Sad"), 20, true);

        fixture.picklists.define("hello.mood", List.of(happy, sad));
        deactivate(fixture, "hello.mood", "sad");
        fixture.picklists.define("hello.mood", List.of(happy, sad, new PicklistValue("calm",
                Map.of("en", "Calm"), 30, true)));

        assertThat(fixture.picklists.names()).contains("hello.mood");
        assertThat(fixture.picklists.values("hello.mood")).extracting(PicklistValue::key)
                .containsExactly("happy", "sad", "calm");
        assertThat(fixture.picklists.contains("hello.mood", "sad")).as("the administrator's change stays").isFalse();
        assertThat(fixture.picklists.contains("hello.mood", "calm")).isTrue();
        fixture.picklists.define("hello.empty", List.of());
        assertThat(fixture.picklists.names()).contains("hello.empty");
    }

    @OnEveryDatabase
    void aModulesDefinitionIsValidatedToo(ReferenceFixture fixture) {
        PicklistValue fine = new PicklistValue("fine", Map.of("en", "Fine"), 10, true);

        for (String name : new String[] {"Hello.Mood", "hello mood", ".mood", "", "x".repeat(61)}) {
            assertThat(fieldsRejectedBy(() -> fixture.picklists.define(name, List.of(fine)))).as(name)
                    .containsExactly("picklist");
        }
        assertThat(fieldsRejectedBy(() -> fixture.picklists.define("hello.mood", List.of(fine,
                new PicklistValue("Bad", Map.of("fr", "Mauvais"), -5, true), fine))))
                .containsExactly("defaults[1].key", "defaults[1].labels.en", "defaults[1].labels.fr",
                        "defaults[1].position", "defaults[2].key");
        assertThat(fixture.picklists.names()).doesNotContain("hello.mood");
    }

    private static void deactivate(ReferenceFixture fixture, String picklist, String key) {
        StoredValue stored = fixture.picklists.stored(picklist, key).orElseThrow();
        fixture.picklists.change(picklist, key, stored.version(),
                new ValueFields(stored.value().labels(), null, false));
    }
}
