package io.relata.core.customers.pool;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.relata.api.console.CommandInvocation;
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerEvent;
import io.relata.core.customers.console.PoolReclaimCommand;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

class PoolReclaimCommandTest {

    @OnEveryDatabase
    void aDryRunListsWhatWouldBeReclaimedAndChangesNothing(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        db.as(ada, () -> db.store.create(company("Acme Trading"), false));
        Customer dealing = db.as(ada, () -> db.store.create(company("Blue Sky"), false));
        db.clock.advance(Duration.ofDays(31));
        db.as(ada, () -> db.store.create(company("Fresh"), false));
        PoolReclaim rule = rule(db);
        rule.addVeto(ids -> Map.of(dealing.id(), "open deal D-17"), Map.of("component.name", "sales.OpenDeals"));

        String output = run(db, rule, "--dry-run");

        assertThat(output.lines()).hasSize(4);
        assertThat(output).containsPattern("CUSTOMER +OWNER +IDLE DAYS +OUTCOME")
                .containsPattern("Acme Trading +ada +31 +would be reclaimed")
                .containsPattern("Blue Sky +ada +31 +kept: open deal D-17 \\(sales.OpenDeals\\)")
                .doesNotContain("Fresh")
                .contains("Would reclaim 1 of 2 customers idle for more than 30 days; 1 kept by a hook, 0 more"
                        + " recently active; nothing was changed");
        assertThat(db.events(CustomerEvent.Released.class)).isEmpty();
    }

    @OnEveryDatabase
    void withoutDryRunItReclaimsNow(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer acme = db.as(ada, () -> db.store.create(company("Acme Trading"), false));
        db.clock.advance(Duration.ofDays(31));

        String output = run(db, rule(db));

        assertThat(output).containsPattern("Acme Trading +ada +31 +reclaimed")
                .contains("Reclaimed 1 of 1 customer idle for more than 30 days; 0 kept by a hook, 0 changed"
                        + " meanwhile, 0 failed (see the log), 0 more recently active");
        assertThat(db.auditOf(acme.id())).last().satisfies(entry ->
                assertThat(entry.reason()).isEqualTo("no activity for 31 days (pool rule, run by karaf)"));
        assertThat(run(db, rule(db))).as("nothing left, so no table").startsWith("Reclaimed 0 of 0 customers");
    }

    @OnEveryDatabase
    void itSaysWhenTheRuleIsOff(CustomerFixture db) {
        db.setting("pool_reclaimAfterDays", 0);

        assertThat(run(db, rule(db), "--dry-run")).isEqualTo("The reclaim rule is off (pool.reclaimAfterDays = 0"
                + " in etc/io.relata.customers.cfg); nothing was looked at" + System.lineSeparator());
    }

    private static final int BATCH = 200;

    private static PoolReclaim rule(CustomerFixture db) {
        return new PoolReclaim(db.store, db.currentUser, db.clock, db.poolSettings(), BATCH);
    }

    private static String run(CustomerFixture db, PoolReclaim rule, String... flags) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        List<String> given = List.of(flags);
        new PoolReclaimCommand(rule, db.directory).execute(new CommandInvocation() {
            @Override
            public List<String> arguments() {
                return List.of();
            }

            @Override
            public String argument(int index, String name) {
                throw new IllegalArgumentException("missing " + name);
            }

            @Override
            public Optional<String> option(String name) {
                return Optional.empty();
            }

            @Override
            public boolean flag(String name) {
                return given.contains("--" + name);
            }

            @Override
            public PrintStream out() {
                return out;
            }

            @Override
            public String user() {
                return "karaf";
            }
        });
        return printed.toString(StandardCharsets.UTF_8);
    }
}
