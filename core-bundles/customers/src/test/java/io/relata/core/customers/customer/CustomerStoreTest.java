package io.relata.core.customers.customer;

import static io.relata.core.customers.customer.CustomerFixture.all;
import static io.relata.core.customers.customer.CustomerFixture.child;
import static io.relata.core.customers.customer.CustomerFixture.company;
import static io.relata.core.customers.customer.CustomerFixture.query;
import static io.relata.core.customers.customer.CustomerFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.relata.api.audit.AuditAction;
import io.relata.api.audit.FieldChange;
import io.relata.api.customer.Address;
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerEvent;
import io.relata.api.customer.LifecycleStage;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

class CustomerStoreTest {

    // ---- create, read, change ------------------------------------------------------------------------------

    @OnEveryDatabase
    void aCreatedCustomerBelongsToItsCreatorAndIsAudited(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        CustomerFields fields = new CustomerFields(null, "  Acme   Trading ", "Acme Trading Co., Ltd.", "retail",
                "acme.example.com", "+86 (10) 8888-1234", "Sales@Acme.Example.com",
                new Address("1 Main St", "Beijing", null, "100000", "cn"), null, List.of("VIP", "b2b", "vip"), null,
                null, null, "cny", null);
        Customer created = db.as(ada, () -> db.store.create(fields, false));

        assertThat(created.name()).isEqualTo("Acme   Trading");
        assertThat(created.ownerId()).isEqualTo("ada");
        assertThat(created.stage()).isEqualTo(LifecycleStage.PROSPECT);
        assertThat(created.email()).isEqualTo("sales@acme.example.com");
        assertThat(created.website()).isEqualTo("https://acme.example.com");
        assertThat(created.address().country()).isEqualTo("CN");
        assertThat(created.currency()).isEqualTo("CNY");
        assertThat(created.tags()).containsExactly("b2b", "vip");
        assertThat(created.createdBy()).isEqualTo("ada");
        assertThat(created.version()).isEqualTo(1);

        Customer read = db.as(ada, () -> db.store.find(created.id())).orElseThrow();
        assertThat(read).isEqualTo(created);
        assertThat(db.auditOf(created.id())).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.CREATED);
            assertThat(entry.actorId()).isEqualTo("ada");
            assertThat(entry.changes()).contains(new FieldChange("name", null, "Acme   Trading"),
                    new FieldChange("tags", null, "b2b, vip"), new FieldChange("ownerId", null, "ada"));
        });
        assertThat(db.events(CustomerEvent.Created.class)).singleElement()
                .satisfies(event -> assertThat(event.customerId()).isEqualTo(created.id()));
    }

    @OnEveryDatabase
    void aChangeNeedsTheCurrentVersionAndRecordsFieldLevelChanges(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer created = db.as(ada, () -> db.store.create(company("Blue Sky", "info@bluesky.example", null), false));

        assertThatThrownBy(() -> db.as(ada, () -> db.store.change(created.id(), null,
                current -> with(current, "name", "Blue Sky Ltd"), false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(428));
        assertThatThrownBy(() -> db.as(ada, () -> db.store.change(created.id(), "\"7\"",
                current -> with(current, "name", "Blue Sky Ltd"), false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(412));

        Customer changed = db.as(ada, () -> db.store.change(created.id(), "\"1\"",
                current -> with(with(current, "name", "Blue Sky Ltd"), "stage", LifecycleStage.CUSTOMER), false));
        assertThat(changed.version()).isEqualTo(2);
        assertThat(changed.stage()).isEqualTo(LifecycleStage.CUSTOMER);
        assertThat(db.auditOf(created.id())).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.UPDATED);
            assertThat(entry.changes()).containsExactly(new FieldChange("name", "Blue Sky", "Blue Sky Ltd"),
                    new FieldChange("stage", "PROSPECT", "CUSTOMER"));
        });
        assertThat(db.events(CustomerEvent.Updated.class)).singleElement()
                .satisfies(event -> assertThat(event.fields()).containsExactlyInAnyOrder("name", "stage"));

        Customer unchanged = db.as(ada, () -> db.store.change(created.id(), "\"2\"", current -> current, false));
        assertThat(unchanged.version()).as("nothing changed, nothing written").isEqualTo(2);
        assertThat(db.auditOf(created.id())).hasSize(2);
    }

    @OnEveryDatabase
    void concurrentChangesOfTheSameVersionLetOnlyOneWin(CustomerFixture db) throws Exception {
        TestUser ada = db.admin("ada");
        TestUser bob = db.admin("bob");
        Customer created = db.as(ada, () -> db.store.create(company("Race Corp"), false));
        CountDownLatch adaRead = new CountDownLatch(1);
        CountDownLatch bobDone = new CountDownLatch(1);

        CompletableFuture<Customer> slow = CompletableFuture.supplyAsync(() -> db.as(ada, () -> db.store.change(
                created.id(), "\"1\"", current -> {
                    adaRead.countDown();
                    await(bobDone);
                    return with(current, "legalName", "Ada's edit");
                }, false)));
        adaRead.await(10, TimeUnit.SECONDS);
        db.as(bob, () -> db.store.change(created.id(), "\"1\"", current -> with(current, "legalName", "Bob's edit"),
                false));
        bobDone.countDown();

        assertThatThrownBy(() -> slow.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(status(e.getCause())).isEqualTo(412));
        assertThat(db.as(ada, () -> db.store.find(created.id())).orElseThrow().legalName()).isEqualTo("Bob's edit");
    }

    @OnEveryDatabase
    void badInputIsRefusedFieldByField(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        CustomerFields bad = new CustomerFields(null, "x".repeat(201), null, "Not A Key", "not a site", "abc",
                "no-at-sign", new Address(null, null, null, null, "XX"), null,
                java.util.stream.IntStream.range(0, 21).mapToObj(i -> "t" + i).toList(), null, null, null, "EURO", null);
        assertThatThrownBy(() -> db.as(ada, () -> db.store.create(bad, false)))
                .satisfies(e -> assertThat(fields(e)).containsExactlyInAnyOrder("name", "industry", "website",
                        "phone", "email", "address.country", "tags", "currency"));
        assertThatThrownBy(() -> db.as(ada, () -> db.store.create(company("   "), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("name"));
        assertThatThrownBy(() -> db.as(ada, () -> db.store.create(with(company("Ctl"), "legalName", "a\u0000b"), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("legalName"));
        assertThat(db.as(ada, () -> db.store.list(query(Map.of()), CustomerFixture.page(10))).items())
                .as("nothing half-written").isEmpty();
    }

    @OnEveryDatabase
    void anOwnerMustBeAnActiveUserAndOthersNeedTheAssignPermission(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser boss = db.user("boss", Set.of("customers:*"), DataScope.all());
        db.rep("bob");
        db.rep("gone");
        db.disable("gone");

        assertThatThrownBy(() -> db.as(ada, () -> db.store.create(with(company("For Bob"), "ownerId", "bob"), false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(403));
        assertThatThrownBy(() -> db.as(boss, () -> db.store.create(with(company("Ghost"), "ownerId", "gone"), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("ownerId"));
        assertThatThrownBy(() -> db.as(boss, () -> db.store.create(with(company("Ghost"), "ownerId", "nobody"), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("ownerId"));
        Customer forBob = db.as(boss, () -> db.store.create(with(company("For Bob"), "ownerId", "bob"), false));
        assertThat(forBob.ownerId()).isEqualTo("bob");
        assertThat(forBob.createdBy()).isEqualTo("boss");
    }

    // ---- scope -------------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void repsSeeTheirOwnCustomersAndThePoolButNotEachOthers(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        TestUser partner = db.user("partner", Set.of("customers:read"), new DataScope(ScopeKind.PARTNER,
                Set.of("partner")));
        TestUser outsider = db.user("outsider", Set.of(), DataScope.none());
        Customer adas = db.as(ada, () -> db.store.create(company("Ada's"), false));
        Customer bobs = db.as(bob, () -> db.store.create(company("Bob's"), false));
        Customer pooled = db.as(bob, () -> db.store.create(company("Pooled"), false));
        db.as(bob, () -> db.store.release(pooled.id(), "not my region"));

        assertThat(names(db, ada)).containsExactlyInAnyOrder("Ada's", "Pooled");
        assertThat(names(db, bob)).containsExactlyInAnyOrder("Bob's", "Pooled");
        assertThat(names(db, partner)).isEmpty();
        assertThat(db.as(ada, () -> db.store.find(bobs.id()))).isEmpty();
        assertThat(db.as(partner, () -> db.store.find(pooled.id()))).isEmpty();
        assertThat(db.as(outsider, () -> db.store.find(adas.id()))).as("no customers:read").isEmpty();
        for (Runnable attempt : List.<Runnable>of(
                () -> db.store.change(bobs.id(), "\"1\"", current -> with(current, "name", "Mine now"), false),
                () -> db.store.delete(bobs.id(), null),
                () -> db.store.claim(bobs.id()),
                () -> db.store.children(bobs.id()),
                () -> db.store.ancestors(bobs.id()))) {
            assertThatThrownBy(() -> db.as(ada, attempt)).satisfies(e -> assertThat(status(e)).isEqualTo(404));
        }
        assertThat(db.as(ada, () -> db.store.visible(bobs.id()))).isFalse();
        assertThat(db.as(ada, () -> db.store.visible(adas.id()))).isTrue();
        assertThat(db.as(outsider, () -> db.store.visible(adas.id()))).isFalse();
    }

    // ---- lists ----------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void listsFilterSortAndPageWithoutGapsOrRepeats(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        List<String> names = List.of("delta", "Alpha", "charlie", "Echo", "bravo", "golf", "foxtrot");
        db.as(ada, () -> {
            for (String name : names) {
                db.store.create(with(company(name), "tags", name.length() == 5 ? List.of("five") : List.of()), false);
            }
        });

        List<Customer> byName = db.as(ada, () -> all(page -> db.store.list(query(Map.of("sort", "name")),
                new PageRequest(3, page.cursor()))));
        assertThat(byName).extracting(Customer::name)
                .containsExactly("Alpha", "bravo", "charlie", "delta", "Echo", "foxtrot", "golf");
        List<Customer> descending = db.as(ada, () -> all(page -> db.store.list(query(Map.of("sort", "-name")),
                new PageRequest(2, page.cursor()))));
        assertThat(descending).extracting(Customer::name)
                .containsExactly("golf", "foxtrot", "Echo", "delta", "charlie", "bravo", "Alpha");
        List<Customer> newestFirst = db.as(ada, () -> all(page -> db.store.list(query(Map.of()),
                new PageRequest(2, page.cursor()))));
        assertThat(newestFirst).hasSize(7).extracting(Customer::id).doesNotHaveDuplicates();

        assertThat(db.as(ada, () -> db.store.list(query(Map.of("tag", "FIVE", "sort", "name")),
                CustomerFixture.page(50)).items())).extracting(Customer::name)
                .containsExactly("Alpha", "bravo", "delta");
        assertThat(db.as(ada, () -> db.store.list(query(Map.of("owner", "me")), CustomerFixture.page(50)).items()))
                .hasSize(7);
        assertThat(db.as(ada, () -> db.store.list(query(Map.of("owner", "none")), CustomerFixture.page(50)).items()))
                .isEmpty();
        assertThat(db.as(ada, () -> db.store.list(query(Map.of("stage", "customer")), CustomerFixture.page(50))
                .items())).isEmpty();
        assertThat(db.as(ada, () -> db.store.list(query(Map.of("createdFrom", "2000-01-01T00:00:00Z",
                "updatedTo", "2999-01-01T00:00:00Z")), CustomerFixture.page(50)).items())).hasSize(7);

        Page<Customer> first = db.as(ada, () -> db.store.list(query(Map.of("sort", "name")), new PageRequest(3, null)));
        assertThatThrownBy(() -> db.as(ada, () -> db.store.list(query(Map.of("sort", "createdAt")),
                PageRequest.of("3", first.nextCursor())))).satisfies(e -> assertThat(fields(e)).containsExactly("cursor"));
        assertThatThrownBy(() -> query(Map.of("sort", "owner", "stage", "gold", "createdFrom", "yesterday")))
                .satisfies(e -> assertThat(fields(e)).containsExactlyInAnyOrder("sort", "stage", "createdFrom"));
    }

    @OnEveryDatabase
    void searchFindsSubstringsOfNamesEmailsAndPhonesIgnoringCase(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        db.as(ada, () -> {
            db.store.create(company("华为技术有限公司", "contact@huawei.example", "+86 755 2878 0808"), false);
            db.store.create(company("Müller GmbH", "info@mueller.example", "+49 (30) 1234-567"), false);
            db.store.create(company("100% Pure_Juice", null, null), false);
        });

        assertThat(search(db, ada, "为技术")).containsExactly("华为技术有限公司");
        assertThat(search(db, ada, "MÜLLER")).containsExactly("Müller GmbH");
        assertThat(search(db, ada, "ller g")).containsExactly("Müller GmbH");
        assertThat(search(db, ada, "HUAWEI.EX")).containsExactly("华为技术有限公司");
        assertThat(search(db, ada, "2878-0808")).as("phone digits, any formatting").containsExactly("华为技术有限公司");
        assertThat(search(db, ada, "100%")).containsExactly("100% Pure_Juice");
        assertThat(search(db, ada, "e_j")).as("LIKE wildcards are literal").containsExactly("100% Pure_Juice");
        assertThat(search(db, ada, "%")).containsExactly("100% Pure_Juice");
        assertThat(search(db, ada, "nothing like it")).isEmpty();
    }

    @OnEveryDatabase
    void searchFindsByNameEmailPhoneOrLiveContactOnceEachWithinScopeAndPagesByKeyset(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        io.relata.core.customers.contact.ContactStore contacts = io.relata.core.customers.contact.ContactFixture
                .contacts(db);
        List<String> expected = new ArrayList<>();
        db.as(ada, () -> {
            expected.add(db.store.create(company("Kestrel Trading", null, null), true).name());
            expected.add(db.store.create(company("Alpha", "buyer@kestrel.example", null), true).name());
            expected.add(db.store.create(company("Beta", null, "+86 10 5377 2020"), true).name());
            // found through the name, the e-mail and a contact at once: listed once
            Customer all = db.store.create(company("Kestrel Holdings", "kestrel@kestrel.example", null), true);
            expected.add(all.name());
            Customer gamma = db.store.create(company("Gamma", null, null), true);
            expected.add(gamma.name());
            Customer delta = db.store.create(company("Delta", null, null), true);
            Customer gone = db.store.create(company("Kestrel Gone", null, null), true);
            Customer unrelated = db.store.create(company("Omega", "omega@example.com", null), true);
            io.relata.core.customers.contact.ContactFixture.add(db, contacts, ada, gamma.id(), "Kim", "Kestrel", null,
                    true);
            io.relata.core.customers.contact.ContactFixture.add(db, contacts, ada, all.id(), "Kay", "Kestrel", null,
                    true);
            io.relata.core.customers.contact.ContactFixture.add(db, contacts, ada, all.id(), "Kai", "Kestrel", null,
                    false);
            String deleted = io.relata.core.customers.contact.ContactFixture.add(db, contacts, ada, delta.id(), "Ken",
                    "Kestrel", null, true).id();
            io.relata.core.customers.contact.ContactFixture.delete(db, contacts, ada, deleted);
            io.relata.core.customers.contact.ContactFixture.add(db, contacts, ada, unrelated.id(), "Olga", "Other",
                    null, true);
            db.store.delete(gone.id(), "\"1\"");
        });
        db.as(bob, () -> {
            Customer bobs = db.store.create(company("Kestrel of Bob", null, null), true);
            io.relata.core.customers.contact.ContactFixture.add(db, contacts, bob, bobs.id(), "Kit", "Kestrel", null,
                    true);
        });

        // one page, then pages of two by name and by the default order: the same customers, none twice
        List<String> found = new ArrayList<>(search(db, ada, "KESTREL"));
        found.addAll(search(db, ada, "5377-2020"));
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
        List<Customer> byName = db.as(ada, () -> all(page -> db.store.list(query(Map.of("q", "kestrel",
                "sort", "name")), new PageRequest(2, page.cursor()))));
        assertThat(byName).extracting(Customer::name)
                .containsExactly("Alpha", "Gamma", "Kestrel Holdings", "Kestrel Trading");
        List<Customer> newestFirst = db.as(ada, () -> all(page -> db.store.list(query(Map.of("q", "kestrel")),
                new PageRequest(1, page.cursor()))));
        assertThat(newestFirst).extracting(Customer::name)
                .containsExactlyInAnyOrder("Alpha", "Gamma", "Kestrel Holdings", "Kestrel Trading");
        assertThat(search(db, bob, "kestrel")).as("only what bob may see").containsExactly("Kestrel of Bob");
        assertThat(db.as(ada, () -> db.store.list(query(Map.of("q", "kestrel", "stage", "customer")),
                CustomerFixture.page(50)).items())).as("search and a filter").isEmpty();
    }

    // ---- duplicates -----------------------------------------------------------------------------------------

    @OnEveryDatabase
    void aLikelyDuplicateIsRefusedWithTheCandidatesUnlessAllowed(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        Customer acme = db.as(ada, () -> db.store.create(company("ACME Ltd", "sales@acme.example", "010-8888 1234"),
                false));

        assertThatThrownBy(() -> db.as(ada, () -> db.store.create(company("  acme   ltd "), false)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().type()).endsWith("/duplicate");
                    assertThat((List<?>) e.problem().extensions().get("candidates")).singleElement()
                            .isInstanceOfSatisfying(DuplicateCandidate.class, candidate -> {
                                assertThat(candidate.id()).isEqualTo(acme.id());
                                assertThat(candidate.matchedOn()).containsExactly("name");
                            });
                });
        assertThatThrownBy(() -> db.as(ada, () -> db.store.create(company("Other", "SALES@acme.example", null), false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThatThrownBy(() -> db.as(ada, () -> db.store.create(company("Other", null, "(010) 88881234"), false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));

        assertThatThrownBy(() -> db.as(bob, () -> db.store.create(company("Acme Ltd"), false)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat((List<?>) e.problem().extensions().get("candidates")).as("not Bob's to see").isEmpty();
                    assertThat(e.problem().extensions().get("hiddenCandidates")).isEqualTo(1);
                });
        Customer second = db.as(ada, () -> db.store.create(company("Acme Ltd"), true));
        assertThat(second.id()).isNotEqualTo(acme.id());

        Customer other = db.as(ada, () -> db.store.create(company("Zeta"), false));
        assertThatThrownBy(() -> db.as(ada, () -> db.store.change(other.id(), "\"1\"",
                current -> with(current, "email", "sales@ACME.example"), false)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThat(db.as(ada, () -> db.store.change(second.id(), "\"1\"",
                current -> with(current, "legalName", "Acme Two"), false)).legalName())
                .as("a change that keeps name, e-mail and phone is not checked again").isEqualTo("Acme Two");
    }

    @OnEveryDatabase
    void theCandidatesAreTheOldestTenWithWhatMatched(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer first = db.as(ada, () -> db.store.create(company("Kite Co", "hello@kite.example", "021-5555 0000"),
                false));
        for (int i = 1; i <= 11; i++) {
            db.clock.advance(Duration.ofMinutes(1));
            db.as(ada, () -> db.store.create(company("Kite Co"), true));
        }
        Customer deleted = db.as(ada, () -> db.store.create(company("Kite Co"), true));
        db.as(ada, () -> db.store.delete(deleted.id(), "\"1\""));

        assertThatThrownBy(() -> db.as(ada, () -> db.store.create(company("KITE  co", "Hello@Kite.example",
                "(021) 55550000"), false))).isInstanceOfSatisfying(ProblemException.class, e -> {
                    @SuppressWarnings("unchecked")
                    List<DuplicateCandidate> candidates =
                            (List<DuplicateCandidate>) e.problem().extensions().get("candidates");
                    assertThat(candidates).as("the first ten, oldest first, not the deleted one").hasSize(10)
                            .extracting(DuplicateCandidate::id).doesNotContain(deleted.id());
                    assertThat(candidates.get(0)).isEqualTo(new DuplicateCandidate(first.id(), "Kite Co",
                            "hello@kite.example", "021-5555 0000", "ada", List.of("name", "email", "phone")));
                    assertThat(candidates.subList(1, 10)).allSatisfy(candidate ->
                            assertThat(candidate.matchedOn()).containsExactly("name"));
                });

        Customer lone = db.as(ada, () -> db.store.create(company("Lone Co", "lone@kite.example", null), false));
        Customer rephoned = db.as(ada, () -> db.store.change(lone.id(), "\"1\"",
                current -> with(current, "phone", "021-5555 9999"), false));
        assertThat(rephoned.phone()).as("a customer is no duplicate of itself").isEqualTo("021-5555 9999");
    }

    // ---- hierarchy ------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void theHierarchyHasChildrenAncestorsAndNoCycles(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        Customer group = db.as(ada, () -> db.store.create(company("Group"), false));
        Customer region = db.as(ada, () -> db.store.create(child("Region", group.id()), false));
        Customer branch = db.as(ada, () -> db.store.create(child("Branch", region.id()), false));
        Customer sibling = db.as(ada, () -> db.store.create(child("Sibling", group.id()), false));

        assertThat(db.as(ada, () -> db.store.children(group.id()))).extracting(Customer::name)
                .containsExactly("Region", "Sibling");
        assertThat(db.as(ada, () -> db.store.ancestors(branch.id()))).extracting(Customer::name)
                .containsExactly("Region", "Group");
        assertThat(db.as(ada, () -> db.factory.createEntityManager()).getClass()).isNotNull();
        var em = db.factory.createEntityManager();
        assertThat(db.store.subtree(em, group.id()))
                .containsExactlyInAnyOrder(group.id(), region.id(), branch.id(), sibling.id());
        em.close();

        assertThatThrownBy(() -> db.as(ada, () -> db.store.change(group.id(), "\"1\"",
                current -> with(current, "parentId", branch.id()), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("parentId"));
        assertThatThrownBy(() -> db.as(ada, () -> db.store.change(group.id(), "\"1\"",
                current -> with(current, "parentId", group.id()), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("parentId"));
        assertThatThrownBy(() -> db.as(ada, () -> db.store.create(child("Orphan", "no-such-customer"), false)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("parentId"));

        TestUser bob = db.rep("bob");
        assertThatThrownBy(() -> db.as(bob, () -> db.store.create(child("Hidden parent", group.id()), false)))
                .as("a parent Bob cannot see is no parent for him").satisfies(e -> assertThat(fields(e))
                        .containsExactly("parentId"));

        assertThatThrownBy(() -> db.as(ada, () -> db.store.delete(region.id(), null)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
        Customer moved = db.as(ada, () -> db.store.change(branch.id(), "\"1\"",
                current -> with(current, "parentId", sibling.id()), false));
        assertThat(moved.parentId()).isEqualTo(sibling.id());
        db.as(ada, () -> db.store.delete(region.id(), "\"1\""));
        assertThat(db.as(ada, () -> db.store.children(group.id()))).extracting(Customer::name)
                .containsExactly("Sibling");
    }

    // ---- recycle bin ----------------------------------------------------------------------------------------

    @OnEveryDatabase
    void deletedCustomersGoToTheRecycleBinAndComeBack(CustomerFixture db) {
        TestUser ada = db.admin("ada");
        Customer parent = db.as(ada, () -> db.store.create(company("Parent Co"), false));
        Customer customer = db.as(ada, () -> db.store.create(child("Binned", parent.id()), false));

        assertThatThrownBy(() -> db.as(ada, () -> db.store.delete(customer.id(), "\"9\"")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(412));
        db.as(ada, () -> db.store.delete(customer.id(), null));
        assertThat(db.as(ada, () -> db.store.find(customer.id()))).isEmpty();
        assertThat(db.as(ada, () -> db.store.visible(customer.id()))).as("its history stays readable").isTrue();
        assertThat(db.bin).singleElement().satisfies(entry -> {
            assertThat(entry.recordType()).isEqualTo("customer");
            assertThat(entry.recordId()).isEqualTo(customer.id());
            assertThat(entry.label()).isEqualTo("Binned");
        });
        assertThat(db.events(CustomerEvent.Deleted.class)).hasSize(1);
        assertThat(db.as(ada, () -> db.store.create(company("Binned"), false)).name())
                .as("a deleted customer is no duplicate").isEqualTo("Binned");

        db.as(ada, () -> db.store.delete(parent.id(), null));
        assertThatThrownBy(() -> db.as(ada, () -> db.store.restore(customer.id())))
                .as("its parent is deleted").satisfies(e -> assertThat(status(e)).isEqualTo(409));
        db.as(ada, () -> db.store.restore(parent.id()));
        db.as(ada, () -> db.store.restore(customer.id()));
        assertThat(db.as(ada, () -> db.store.find(customer.id()))).isPresent();
        assertThat(db.events(CustomerEvent.Restored.class)).hasSize(2);
        assertThat(db.auditOf(customer.id())).extracting(CustomerFixture.Recorded::action)
                .containsExactly(AuditAction.CREATED, AuditAction.DELETED, AuditAction.RESTORED);
        assertThatThrownBy(() -> db.as(ada, () -> db.store.restore(customer.id())))
                .as("not deleted").satisfies(e -> assertThat(status(e)).isEqualTo(404));

        db.as(ada, () -> db.store.delete(customer.id(), null));
        db.as(ada, () -> db.store.purge(customer.id()));
        assertThat(db.as(ada, () -> db.store.visible(customer.id()))).isFalse();
        db.as(ada, () -> db.store.purge(parent.id()));
        assertThat(db.as(ada, () -> db.store.find(parent.id()))).as("purge leaves live customers alone").isPresent();
    }

    // ---- pool -----------------------------------------------------------------------------------------------

    @OnEveryDatabase
    void customersMoveThroughThePoolWithReasonsAndCaps(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        TestUser boss = db.user("boss", Set.of("customers:*"), DataScope.all());
        Customer one = db.as(ada, () -> db.store.create(company("One"), false));

        assertThatThrownBy(() -> db.as(ada, () -> db.store.release(one.id(), " ")))
                .satisfies(e -> assertThat(fields(e)).containsExactly("reason"));
        assertThatThrownBy(() -> db.as(bob, () -> db.store.claim(one.id())))
                .as("not in the pool, and not Bob's to see").satisfies(e -> assertThat(status(e)).isEqualTo(404));
        Customer released = db.as(ada, () -> db.store.release(one.id(), "moved to another city"));
        assertThat(released.ownerId()).isNull();
        assertThat(released.inPool()).isTrue();
        assertThat(db.auditOf(one.id())).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.RELEASED);
            assertThat(entry.reason()).isEqualTo("moved to another city");
            assertThat(entry.changes()).containsExactly(new FieldChange("ownerId", "ada", null));
        });
        assertThatThrownBy(() -> db.as(ada, () -> db.store.release(one.id(), "again")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));

        Customer claimed = db.as(bob, () -> db.store.claim(one.id()));
        assertThat(claimed.ownerId()).isEqualTo("bob");
        assertThat(db.events(CustomerEvent.Claimed.class)).singleElement()
                .satisfies(event -> assertThat(event.ownerId()).isEqualTo("bob"));
        assertThatThrownBy(() -> db.as(bob, () -> db.store.claim(one.id())))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));
        assertThatThrownBy(() -> db.as(ada, () -> db.store.release(one.id(), "not yours")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(404));

        db.settings.put("pool_maxOwnedPerUser", 2);
        db.store.settings(db.store.settings());
        Customer two = db.as(boss, () -> db.store.create(company("Two"), false));
        Customer three = db.as(boss, () -> db.store.create(company("Three"), false));
        db.as(boss, () -> db.store.release(two.id(), "pool"));
        db.as(boss, () -> db.store.release(three.id(), "pool"));
        db.as(bob, () -> db.store.claim(two.id()));
        assertThatThrownBy(() -> db.as(bob, () -> db.store.claim(three.id())))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().type()).endsWith("/owner-cap");
                });
        assertThat(db.as(boss, () -> db.store.find(three.id())).orElseThrow().ownerId()).isNull();

        assertThatThrownBy(() -> db.as(ada, () -> db.store.assign(three.id(), "ada", null)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(403));
        assertThatThrownBy(() -> db.as(boss, () -> db.store.assign(three.id(), "bob", null)))
                .as("Bob is at his cap").satisfies(e -> assertThat(status(e)).isEqualTo(409));
        Customer assigned = db.as(boss, () -> db.store.assign(three.id(), "ada", "key account"));
        assertThat(assigned.ownerId()).isEqualTo("ada");
        assertThat(db.auditOf(three.id())).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.ASSIGNED);
            assertThat(entry.reason()).isEqualTo("key account");
        });
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static List<String> names(CustomerFixture db, TestUser user) {
        return db.as(user, () -> all(page -> db.store.list(query(Map.of()), page))).stream().map(Customer::name)
                .toList();
    }

    private static List<String> search(CustomerFixture db, TestUser user, String q) {
        return db.as(user, () -> db.store.list(query(Map.of("q", q)), CustomerFixture.page(50))).items().stream()
                .map(Customer::name).toList();
    }

    private static int status(Throwable e) {
        assertThat(e).isInstanceOf(ProblemException.class);
        return ((ProblemException) e).problem().status();
    }

    private static List<String> fields(Throwable e) {
        assertThat(e).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) e).problem().status()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        for (FieldError error : ((ProblemException) e).problem().errors()) {
            fields.add(error.field());
        }
        return fields;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
