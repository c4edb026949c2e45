package io.relata.core.customers.overview;

import static io.relata.core.customers.customer.CustomerFixture.child;
import static io.relata.core.customers.customer.CustomerFixture.company;
import static io.relata.core.customers.customer.CustomerFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerPanel;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.customer.RecordLink;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.core.customers.contact.ContactFixture;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.customer.CustomerFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;
import io.relata.core.customers.overview.CustomerOverview.PanelView;
import io.relata.core.customers.overview.CustomerOverview.PathStep;

class CustomerOverviewsTest {

    private final List<CustomerOverviews> started = new ArrayList<>();

    static Stream<CustomerFixture> databases() {
        return CustomerFixture.databases();
    }

    @AfterEach
    void stopPanelWorkers() {
        started.forEach(CustomerOverviews::deactivate);
    }

    private CustomerOverviews overviews(CustomerFixture db, Duration panelTimeout) {
        CustomerOverviews overviews = new CustomerOverviews(db.jpa, db.store, db.access, db.currentUser, panelTimeout);
        started.add(overviews);
        return overviews;
    }

    /**
     * Group (ada) ─┬─ Region (ada, CUSTOMER) ── Branch (bob) ── Shop (ada)
     *              ├─ Outlet (public pool)
     *              └─ Closed (ada, deleted)
     * Contacts: two at Group, one at Branch, one at Shop.
     */
    private record Group(Customer group, Customer region, Customer branch, Customer shop, Customer outlet,
                         TestUser ada, TestUser bob, TestUser boss) {
    }

    private static Group group(CustomerFixture db, ContactStore contacts) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        TestUser boss = db.admin("boss");
        Customer group = db.as(ada, () -> db.store.create(company("Group"), false));
        Customer region = db.as(ada, () -> db.store.create(with(child("Region", group.id()), "stage",
                LifecycleStage.CUSTOMER), false));
        Customer branch = db.as(boss, () -> db.store.create(with(child("Branch", region.id()), "ownerId", "bob"),
                false));
        Customer shop = db.as(boss, () -> db.store.create(with(child("Shop", branch.id()), "ownerId", "ada"), false));
        Customer outlet = db.as(ada, () -> db.store.create(child("Outlet", group.id()), false));
        db.as(ada, () -> db.store.release(outlet.id(), "nobody works it"));
        Customer closed = db.as(ada, () -> db.store.create(child("Closed", group.id()), false));
        db.as(ada, () -> db.store.delete(closed.id(), null));

        ContactFixture.add(db, contacts, ada, group.id(), "Ann", "Buyer", "CFO", false);
        ContactFixture.add(db, contacts, ada, group.id(), "Zed", "Main", null, true);
        ContactFixture.add(db, contacts, boss, branch.id(), "Bo", "Hidden", null, false);
        ContactFixture.add(db, contacts, ada, shop.id(), "Sue", "Shop", null, false);
        return new Group(group, region, branch, shop, outlet, ada, bob, boss);
    }

    // ---- the rollup ----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theRollupCountsOnlyCustomersTheCallerMaySee(CustomerFixture db) {
        Group tree = group(db, ContactFixture.contacts(db));
        CustomerOverviews overviews = overviews(db, Duration.ofSeconds(5));

        CustomerOverview adas = db.as(tree.ada(), () -> overviews.of(tree.group().id()));
        assertThat(adas.customer().id()).isEqualTo(tree.group().id());
        assertThat(adas.path()).isEmpty();
        assertThat(adas.rollup().customers()).as("Group, Region, Outlet and Shop; not bob's Branch, not the deleted")
                .isEqualTo(4);
        assertThat(adas.rollup().contacts()).as("not the contact at bob's Branch").isEqualTo(3);
        assertThat(adas.rollup().stages()).containsExactly(Map.entry(LifecycleStage.PROSPECT, 3L),
                Map.entry(LifecycleStage.CUSTOMER, 1L), Map.entry(LifecycleStage.FORMER, 0L));

        CustomerOverview bosses = db.as(tree.boss(), () -> overviews.of(tree.group().id()));
        assertThat(bosses.rollup().customers()).isEqualTo(5);
        assertThat(bosses.rollup().contacts()).isEqualTo(4);

        CustomerOverview bobs = db.as(tree.bob(), () -> overviews.of(tree.branch().id()));
        assertThat(bobs.path()).as("bob sees none of ada's ancestors").isEmpty();
        assertThat(bobs.rollup().customers()).as("his Branch only; ada's Shop below it is hidden").isEqualTo(1);
        assertThat(bobs.rollup().contacts()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void thePathRunsFromTheTopDownAndLeavesOutHiddenAncestors(CustomerFixture db) {
        Group tree = group(db, ContactFixture.contacts(db));
        CustomerOverviews overviews = overviews(db, Duration.ofSeconds(5));

        assertThat(db.as(tree.ada(), () -> overviews.of(tree.shop().id())).path())
                .containsExactly(new PathStep(tree.group().id(), "Group"), new PathStep(tree.region().id(), "Region"));
        assertThat(db.as(tree.boss(), () -> overviews.of(tree.shop().id())).path()).extracting(PathStep::name)
                .containsExactly("Group", "Region", "Branch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCustomerOutsideTheScopeIsNotFound(CustomerFixture db) {
        Group tree = group(db, ContactFixture.contacts(db));
        TestUser noRead = db.user("eve", Set.of("contacts:read"), DataScope.all());
        CustomerOverviews overviews = overviews(db, Duration.ofSeconds(5));

        for (Runnable lookup : List.<Runnable>of(
                () -> db.as(tree.bob(), () -> overviews.of(tree.group().id())),
                () -> db.as(noRead, () -> overviews.of(tree.group().id())),
                () -> db.as(tree.ada(), () -> overviews.of("no-such-customer")))) {
            assertThatThrownBy(lookup::run).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.problem().status()).isEqualTo(404));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void withoutContactsReadTheContactCountIsLeftOut(CustomerFixture db) {
        Group tree = group(db, ContactFixture.contacts(db));
        TestUser auditor = db.user("carl", Set.of("customers:read"), DataScope.all());
        CustomerOverviews overviews = overviews(db, Duration.ofSeconds(5));

        CustomerOverview view = db.as(auditor, () -> overviews.of(tree.group().id()));
        assertThat(view.rollup().customers()).isEqualTo(5);
        assertThat(view.rollup().contacts()).isNull();
    }

    // ---- core's panels ---------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void coresPanelsCountContactsAndSubCustomersOverTheVisibleSubtree(CustomerFixture db) {
        ContactStore contacts = ContactFixture.contacts(db);
        Group tree = group(db, contacts);
        CustomerOverviews overviews = overviews(db, Duration.ofSeconds(5));
        overviews.addPanel(new ContactsPanel(db.jpa, contacts, db.access), panel("core.contacts", 100));
        overviews.addPanel(new SubCustomersPanel(db.jpa, db.store), panel("core.sub-customers", 200));

        List<PanelView> panels = db.as(tree.ada(), () -> overviews.of(tree.group().id())).panels();

        assertThat(panels).extracting(PanelView::id).containsExactly("core.contacts", "core.sub-customers");
        PanelView people = panels.get(0);
        assertThat(people.error()).isNull();
        assertThat(people.title()).containsEntry("en", "Contacts").containsEntry("zh-CN", "联系人");
        assertThat(people.figures()).extracting(CustomerPanel.Figure::key, CustomerPanel.Figure::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("customer", 2L),
                        org.assertj.core.groups.Tuple.tuple("subtree", 3L));
        assertThat(people.items()).extracting(RecordLink::label).as("the primary contact first")
                .containsExactly("Zed Main", "Ann Buyer · CFO");

        PanelView below = panels.get(1);
        assertThat(below.figures()).extracting(CustomerPanel.Figure::key, CustomerPanel.Figure::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("children", 2L),
                        org.assertj.core.groups.Tuple.tuple("subtree", 3L));
        assertThat(below.items()).containsExactly(new RecordLink("customer", tree.outlet().id(), "Outlet"),
                new RecordLink("customer", tree.region().id(), "Region"));

        TestUser salesOnly = db.user("sam", Set.of("customers:read"), DataScope.all());
        assertThat(db.as(salesOnly, () -> overviews.of(tree.group().id())).panels()).extracting(PanelView::id)
                .as("no contacts panel without contacts:read").containsExactly("core.sub-customers");
    }

    // ---- panels of modules -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void panelsGetTheCustomerAndItsVisibleSubtreeAndRunAsTheCaller(CustomerFixture db) {
        Group tree = group(db, ContactFixture.contacts(db));
        CustomerOverviews overviews = overviews(db, Duration.ofSeconds(5));
        List<CustomerPanel.Request> asked = new CopyOnWriteArrayList<>();
        List<String> callers = new CopyOnWriteArrayList<>();
        overviews.addPanel(request -> {
            asked.add(request);
            callers.add(db.currentUser.require().id());
            return Optional.of(CustomerPanel.Content.titled("Deals", "商机").count("open", "Open", "进行中", 7).build());
        }, panel("sales.deals", 300));

        CustomerOverview view = db.as(tree.ada(), () -> overviews.of(tree.group().id()));

        assertThat(asked).singleElement().satisfies(request -> {
            assertThat(request.customer().id()).isEqualTo(tree.group().id());
            assertThat(request.subtreeIds()).first().isEqualTo(tree.group().id());
            assertThat(request.subtreeIds()).containsExactlyInAnyOrder(tree.group().id(), tree.region().id(),
                    tree.outlet().id(), tree.shop().id());
        });
        assertThat(callers).containsExactly("ada");
        assertThat(view.panels()).singleElement().satisfies(panel -> {
            assertThat(panel.id()).isEqualTo("sales.deals");
            assertThat(panel.order()).isEqualTo(300);
            assertThat(panel.figures()).extracting(CustomerPanel.Figure::count).containsExactly(7L);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aPanelThatFailsOrHangsIsListedWithAnErrorAndTheViewGoesOn(CustomerFixture db) {
        Group tree = group(db, ContactFixture.contacts(db));
        CustomerOverviews overviews = overviews(db, Duration.ofMillis(500));
        overviews.addPanel(request -> Optional.of(CustomerPanel.Content.titled("Fine", null).build()),
                panel("a.fine", 10));
        overviews.addPanel(request -> {
            throw new IllegalStateException("relation \"secret_table\" does not exist");
        }, panel("b.broken", 20));
        overviews.addPanel(request -> {
            Thread.sleep(30_000);
            return Optional.empty();
        }, panel("c.slow", 30));
        overviews.addPanel(request -> {
            throw Problem.of(403, "forbidden", "Forbidden", "needs the permission sales.deal:read").toException();
        }, panel("d.refusing", 40));
        overviews.addPanel(request -> Optional.empty(), panel("e.nothing", 50));
        overviews.addPanel(request -> null, panel("f.null", 60));
        overviews.addPanel(request -> {
            throw new AssertionError("a panel without a valid id must never run");
        }, panel("Not An Id", 70));

        long started = System.nanoTime();
        CustomerOverview view = db.as(tree.ada(), () -> overviews.of(tree.group().id()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("the slow panel costs the view the timeout, not its 30 seconds")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(view.rollup().customers()).isEqualTo(4);
        assertThat(view.panels()).extracting(PanelView::id)
                .containsExactly("a.fine", "b.broken", "c.slow", "d.refusing");
        assertThat(view.panels().get(0).error()).isNull();
        assertThat(view.panels().get(0).title()).containsExactly(Map.entry("en", "Fine"));
        assertThat(view.panels().get(1).error()).startsWith("failed; the log has the details under reference ")
                .doesNotContain("secret_table");
        assertThat(view.panels().get(1).title()).isNull();
        assertThat(view.panels().get(2).error()).isEqualTo("did not answer within 500 ms");
        assertThat(view.panels().get(3).error()).isEqualTo("needs the permission sales.deal:read");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void panelsComeAndGoAndKeepTheirOrder(CustomerFixture db) {
        Group tree = group(db, ContactFixture.contacts(db));
        CustomerOverviews overviews = overviews(db, Duration.ofSeconds(5));
        CustomerPanel late = titled("Late");
        CustomerPanel early = titled("Early");
        CustomerPanel defaulted = titled("Default");
        CustomerPanel twin = titled("Twin");
        overviews.addPanel(late, panel("x.late", 900));
        overviews.addPanel(early, panel("x.early", 5));
        overviews.addPanel(defaulted, Map.of(CustomerPanel.ID, "x.default"));
        overviews.addPanel(twin, panel("x.late", 950));
        assertThat(ids(db, tree, overviews)).as("of two panels with one id, the one placed first")
                .containsExactly("x.early", "x.late", "x.default");

        overviews.updatedPanel(early, panel("x.early", 2000));
        overviews.removePanel(late);
        assertThat(ids(db, tree, overviews)).containsExactly("x.late", "x.default", "x.early");
        assertThat(db.as(tree.ada(), () -> overviews.of(tree.group().id())).panels().get(0).title())
                .containsEntry("en", "Twin");

        overviews.removePanel(twin);
        overviews.removePanel(early);
        overviews.removePanel(defaulted);
        assertThat(ids(db, tree, overviews)).isEmpty();
    }

    private static List<String> ids(CustomerFixture db, Group tree, CustomerOverviews overviews) {
        return db.as(tree.ada(), () -> overviews.of(tree.group().id())).panels().stream().map(PanelView::id).toList();
    }

    private static CustomerPanel titled(String title) {
        return request -> Optional.of(CustomerPanel.Content.titled(title, null).build());
    }

    private static Map<String, Object> panel(String id, int order) {
        return Map.of(CustomerPanel.ID, id, CustomerPanel.ORDER, order);
    }
}
