package io.relata.test.premium;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.propertytypes.SatisfyingConditionTarget;

import io.relata.api.persistence.RelataSchema;
import io.relata.api.persistence.SchemaMigration;

@Component
@RelataSchema("test_premium")
@SatisfyingConditionTarget("(osgi.condition.id=relata.license.test-premium)")
public class PremiumSchema implements SchemaMigration {

    @Override
    public String changelog() {
        return "db/test-premium-changelog.xml";
    }
}
