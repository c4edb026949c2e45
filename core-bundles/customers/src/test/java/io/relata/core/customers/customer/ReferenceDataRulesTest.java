package io.relata.core.customers.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.relata.api.reference.CurrencyEntry;
import io.relata.api.reference.Currencies;
import io.relata.api.reference.PicklistValue;
import io.relata.api.reference.Picklists;
import io.relata.api.reference.Subsidiaries;
import io.relata.api.reference.Subsidiary;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.ProblemException;

class ReferenceDataRulesTest {

    private final ReferenceDataRules rules = new ReferenceDataRules(new OnePicklist(), new TwoCurrencies(),
            new OneSubsidiary());

    @Test
    void valuesMustBeActiveReferenceData() {
        rules.check(fields("retail", "CNY", "cn"), null);
        assertThatThrownBy(() -> rules.check(fields("mining", "EUR", "mars"), null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(FieldError::field).containsExactly("industry", "currency", "subsidiaryId"));
    }

    @Test
    void retiredValuesKeptByAnEditAreNotCheckedAgain() {
        CustomerFields before = fields("mining", "EUR", "mars");
        rules.check(before, before);
        assertThatThrownBy(() -> rules.check(fields("retail", "DEM", "mars"), before))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(FieldError::field).containsExactly("currency"));
    }

    private static CustomerFields fields(String industry, String currency, String subsidiary) {
        return new CustomerFields(null, "Acme", null, industry, null, null, null, null, null, null, null, null,
                subsidiary, currency, null);
    }

    private static final class OnePicklist implements Picklists {
        @Override
        public List<String> names() {
            return List.of(INDUSTRY);
        }

        @Override
        public List<PicklistValue> values(String picklist) {
            return List.of();
        }

        @Override
        public Optional<PicklistValue> value(String picklist, String key) {
            return Optional.empty();
        }

        @Override
        public boolean contains(String picklist, String key) {
            return INDUSTRY.equals(picklist) && "retail".equals(key);
        }

        @Override
        public void define(String picklist, List<PicklistValue> defaults) {
        }
    }

    private static final class TwoCurrencies implements Currencies {
        @Override
        public Currency baseCurrency() {
            return Currency.getInstance("CNY");
        }

        @Override
        public boolean isActive(String code) {
            return Set.of("CNY", "USD").contains(code);
        }

        @Override
        public List<CurrencyEntry> list() {
            return List.of();
        }
    }

    private static final class OneSubsidiary implements Subsidiaries {
        @Override
        public Optional<Subsidiary> find(String id) {
            return "cn".equals(id) ? Optional.of(new Subsidiary("cn", "China", null, Currency.getInstance("CNY"),
                    ZoneId.of("Asia/Shanghai"), 1)) : Optional.empty();
        }

        @Override
        public List<Subsidiary> list() {
            return List.of();
        }
    }
}
