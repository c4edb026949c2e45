package io.relata.core.reference;

import static io.relata.testing.Refusals.fieldsRejectedBy;
import static io.relata.testing.Refusals.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Currency;

import io.relata.api.reference.Subsidiary;
import io.relata.core.reference.JdbcSubsidiaries.SubsidiaryFields;

/** The subsidiary tree: defaults, validation that names the field, no cycles, no orphans. */
class SubsidiariesTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @OnEveryDatabase
    void aTopLevelSubsidiaryDefaultsToTheBaseCurrencyAndUtc(ReferenceFixture fixture) {
        Subsidiary group = fixture.subsidiaries.create(new SubsidiaryFields(" Relata Group ", null, null, null));

        assertThat(group.name()).isEqualTo("Relata Group");
        assertThat(group.parentId()).isNull();
        assertThat(group.baseCurrency()).isEqualTo(Currency.getInstance("USD"));
        assertThat(group.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(group.version()).isZero();
        assertThat(fixture.subsidiaries.find(group.id())).hasValue(group);
    }

    @OnEveryDatabase
    void aSubsidiaryBelowAnotherDefaultsToItsParentsCurrencyAndTimeZone(ReferenceFixture fixture) {
        Subsidiary china = fixture.subsidiaries.create(new SubsidiaryFields("Relata China", null, "cny",
                "Asia/Shanghai"));

        Subsidiary beijing = fixture.subsidiaries.create(new SubsidiaryFields("Relata Beijing", china.id(), null,
                null));
        Subsidiary hongKong = fixture.subsidiaries.create(new SubsidiaryFields("Relata Hong Kong", china.id(), "HKD",
                "Asia/Hong_Kong"));

        assertThat(beijing.parentId()).isEqualTo(china.id());
        assertThat(beijing.baseCurrency()).isEqualTo(Currency.getInstance("CNY"));
        assertThat(beijing.timeZone()).isEqualTo(SHANGHAI);
        assertThat(hongKong.baseCurrency()).isEqualTo(Currency.getInstance("HKD"));
        assertThat(fixture.subsidiaries.list()).extracting(Subsidiary::name)
                .containsExactly("Relata Beijing", "Relata China", "Relata Hong Kong");
    }

    @OnEveryDatabase
    void eachInvalidFieldIsNamed(ReferenceFixture fixture) {
        fixture.currencies.setActive("GBP", false);

        for (String name : new String[] {null, "", "   ", "x".repeat(201)}) {
            assertThat(fieldsRejectedBy(() -> create(fixture, name, null, "CNY", "UTC"))).as(name)
                    .containsExactly("name");
        }
        for (String currency : new String[] {"XYZ", "DEM", "GBP", ""}) {
            assertThat(fieldsRejectedBy(() -> create(fixture, "Relata", null, currency, "UTC"))).as(currency)
                    .containsExactly("baseCurrency");
        }
        for (String zone : new String[] {"Mars/Olympus_Mons", "Shanghai", "GMT+25", ""}) {
            assertThat(fieldsRejectedBy(() -> create(fixture, "Relata", null, "CNY", zone))).as(zone)
                    .containsExactly("timeZone");
        }
        assertThat(fieldsRejectedBy(() -> create(fixture, "Relata", "no-such-id", "CNY", "UTC")))
                .containsExactly("parentId");
        assertThat(fieldsRejectedBy(() -> create(fixture, "", "no-such-id", "DEM", "Nowhere")))
                .containsExactly("name", "parentId", "baseCurrency", "timeZone");
        assertThat(fixture.subsidiaries.list()).isEmpty();
        assertThat(create(fixture, "x".repeat(200), null, "CNY", "+08:00").timeZone().getId()).isEqualTo("+08:00");
    }

    @OnEveryDatabase
    void namesAreUniqueWhateverTheirCase(ReferenceFixture fixture) {
        Subsidiary china = create(fixture, "Relata China", null, "CNY", "Asia/Shanghai");
        Subsidiary japan = create(fixture, "Relata Japan", null, "JPY", "Asia/Tokyo");

        assertThat(refusal(() -> create(fixture, "RELATA CHINA", null, "CNY", "UTC")).status()).isEqualTo(409);
        assertThat(refusal(() -> fixture.subsidiaries.update(japan.id(), japan.version(),
                new SubsidiaryFields("relata china", null, "JPY", "Asia/Tokyo"))).status()).isEqualTo(409);
        assertThat(fixture.subsidiaries.update(china.id(), china.version(),
                new SubsidiaryFields("RELATA China", null, "CNY", "Asia/Shanghai")).name())
                .as("its own name in another case").isEqualTo("RELATA China");
    }

    @OnEveryDatabase
    void changesEveryFieldAndCountsTheVersionUp(ReferenceFixture fixture) {
        Subsidiary group = create(fixture, "Relata Group", null, "USD", "UTC");
        Subsidiary china = create(fixture, "Relata China", null, "USD", "UTC");

        Subsidiary changed = fixture.subsidiaries.update(china.id(), china.version(),
                new SubsidiaryFields("Relata China Ltd", group.id(), "CNY", "Asia/Shanghai"));

        assertThat(changed).isEqualTo(new Subsidiary(china.id(), "Relata China Ltd", group.id(),
                Currency.getInstance("CNY"), SHANGHAI, 1));
        assertThat(fixture.subsidiaries.update(china.id(), changed.version(),
                new SubsidiaryFields("Relata China Ltd", " ", "CNY", "Asia/Shanghai")).parentId())
                .as("a blank parent makes it top-level").isNull();
    }

    @OnEveryDatabase
    void aChangeToAnOutdatedVersionIsRefused(ReferenceFixture fixture) {
        Subsidiary china = create(fixture, "Relata China", null, "CNY", "Asia/Shanghai");
        fixture.subsidiaries.update(china.id(), china.version(),
                new SubsidiaryFields("Relata China Ltd", null, "CNY", "Asia/Shanghai"));

        assertThat(refusal(() -> fixture.subsidiaries.update(china.id(), china.version(),
                new SubsidiaryFields("Relata PRC", null, "CNY", "Asia/Shanghai"))).status()).isEqualTo(412);
        assertThat(refusal(() -> fixture.subsidiaries.update("no-such-id", 0,
                new SubsidiaryFields("Relata PRC", null, "CNY", "Asia/Shanghai"))).status()).isEqualTo(404);
        assertThat(fixture.subsidiaries.find(china.id()).orElseThrow().name()).isEqualTo("Relata China Ltd");
    }

    @OnEveryDatabase
    void aSubsidiaryCannotEndUpBelowItself(ReferenceFixture fixture) {
        Subsidiary group = create(fixture, "Relata Group", null, "USD", "UTC");
        Subsidiary asia = create(fixture, "Relata Asia", group.id(), "USD", "UTC");
        Subsidiary china = create(fixture, "Relata China", asia.id(), "CNY", "Asia/Shanghai");

        assertThat(fieldsRejectedBy(() -> move(fixture, group, group.id()))).as("its own parent")
                .containsExactly("parentId");
        assertThat(fieldsRejectedBy(() -> move(fixture, group, asia.id()))).as("below its child")
                .containsExactly("parentId");
        assertThat(fieldsRejectedBy(() -> move(fixture, group, china.id()))).as("below its grandchild")
                .containsExactly("parentId");
        assertThat(fieldsRejectedBy(() -> move(fixture, asia, china.id()))).containsExactly("parentId");
        assertThat(fixture.subsidiaries.find(group.id()).orElseThrow().parentId()).isNull();

        Subsidiary moved = move(fixture, china, group.id());
        assertThat(moved.parentId()).as("up is fine").isEqualTo(group.id());
        assertThat(move(fixture, asia, china.id()).parentId()).as("now below its former child")
                .isEqualTo(china.id());
    }

    @OnEveryDatabase
    void aSubsidiaryWithOthersBelowItIsNotDeleted(ReferenceFixture fixture) {
        Subsidiary group = create(fixture, "Relata Group", null, "USD", "UTC");
        Subsidiary china = create(fixture, "Relata China", group.id(), "CNY", "Asia/Shanghai");

        assertThat(refusal(() -> fixture.subsidiaries.delete(group.id())))
                .satisfies(problem -> assertThat(problem.status()).isEqualTo(409))
                .satisfies(problem -> assertThat(problem.detail()).contains("Relata China"));

        fixture.subsidiaries.delete(china.id());
        fixture.subsidiaries.delete(group.id());

        assertThat(fixture.subsidiaries.list()).isEmpty();
        assertThat(refusal(() -> fixture.subsidiaries.delete(group.id())).status()).isEqualTo(404);
    }

    @OnEveryDatabase
    void findAnswersNothingForUnknownIds(ReferenceFixture fixture) {
        assertThat(fixture.subsidiaries.find(null)).isEmpty();
        assertThat(fixture.subsidiaries.find("no-such-id")).isEmpty();
    }

    private static Subsidiary create(ReferenceFixture fixture, String name, String parentId, String currency,
                                     String zone) {
        return fixture.subsidiaries.create(new SubsidiaryFields(name, parentId, currency, zone));
    }

    private static Subsidiary move(ReferenceFixture fixture, Subsidiary subsidiary, String parentId) {
        Subsidiary current = fixture.subsidiaries.find(subsidiary.id()).orElseThrow();
        return fixture.subsidiaries.update(current.id(), current.version(), new SubsidiaryFields(current.name(),
                parentId, current.baseCurrency().getCurrencyCode(), current.timeZone().getId()));
    }
}
