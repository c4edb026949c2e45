package io.relata.core.customers.customer;

import static io.relata.core.customers.customer.CustomerFixture.child;
import static io.relata.core.customers.customer.CustomerFixture.company;
import static io.relata.core.customers.customer.CustomerFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.relata.api.audit.AuditAction;
import io.relata.api.customer.Contact;
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerEvent;
import io.relata.api.customer.CustomerMergeParticipant;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;
import io.relata.core.customers.contact.ContactFields;
import io.relata.core.customers.contact.ContactStore;
import io.relata.core.customers.contact.ContactFixture;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

class CustomerMergeTest {

    @OnEveryDatabase
    void aDuplicateMergesIntoItsSurvivorWithEverythingThatHangsOffIt(CustomerFixture db) {
        ContactStore contacts = ContactFixture.contacts(db);
        TestUser boss = db.admin("boss");
        List<String> moved = new ArrayList<>();
        db.store.addMergeParticipant((survivor, duplicate) -> {
            moved.add(duplicate + "->" + survivor);
            return 3;
        }, Map.of(CustomerMergeParticipant.PARTICIPANT_ID, "sales"));
        Customer survivor = db.as(boss, () -> db.store.create(with(company("Acme Ltd", null, "010 8888 1234"),
                "tags", List.of("vip")), false));
        Customer duplicate = db.as(boss, () -> db.store.create(with(with(company("ACME Limited",
                "sales@acme.example", "010 5555 0000"), "tags", List.of("b2b")), "website", "acme.example"), true));
        Customer branch = db.as(boss, () -> db.store.create(child("Acme Branch", duplicate.id()), false));
        Contact kept = db.as(boss, () -> contacts.create(new ContactFields(survivor.id(), "Ann", "Keep", null, null,
                null, null, null, true, null, null, null), false));
        Contact joining = db.as(boss, () -> contacts.create(new ContactFields(duplicate.id(), "Joe", "Join", null, null,
                null, null, null, true, null, null, null), false));

        Customer merged = db.as(boss, () -> db.store.merge(survivor.id(), duplicate.id(), List.of("phone"), "\"1\""));

        assertThat(merged.name()).as("the survivor's own value stays").isEqualTo("Acme Ltd");
        assertThat(merged.email()).as("an empty value is filled").isEqualTo("sales@acme.example");
        assertThat(merged.website()).isEqualTo("https://acme.example");
        assertThat(merged.phone()).as("taken on request").isEqualTo("010 5555 0000");
        assertThat(merged.tags()).containsExactly("b2b", "vip");
        assertThat(db.as(boss, () -> db.store.find(duplicate.id()))).isEmpty();
        assertThat(db.as(boss, () -> db.store.mergedInto(duplicate.id()))).contains(survivor.id());
        assertThat(db.as(boss, () -> db.store.find(branch.id())).orElseThrow().parentId()).isEqualTo(survivor.id());
        assertThat(db.as(boss, () -> contacts.ofCustomer(survivor.id()))).extracting(Contact::id)
                .containsExactly(kept.id(), joining.id());
        assertThat(db.as(boss, () -> contacts.find(joining.id())).orElseThrow().primary())
                .as("the survivor keeps its primary contact").isFalse();
        assertThat(moved).containsExactly(duplicate.id() + "->" + survivor.id());
        assertThat(db.auditOf(survivor.id())).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.MERGED);
            assertThat(entry.reason()).contains("ACME Limited").contains("1 contact").contains("1 sub-customer")
                    .contains("3 sales records");
        });
        assertThat(db.auditOf(duplicate.id())).last().satisfies(entry ->
                assertThat(entry.action()).isEqualTo(AuditAction.MERGED));
        assertThat(db.events(CustomerEvent.Merged.class)).singleElement()
                .satisfies(event -> assertThat(event.duplicateId()).isEqualTo(duplicate.id()));
        assertThatThrownBy(() -> db.as(boss, () -> db.store.restore(duplicate.id())))
                .as("a merged customer is not in the recycle bin").satisfies(e -> assertThat(status(e)).isEqualTo(404));
    }

    @OnEveryDatabase
    void badMergesAreRefusedAndAFailingModuleRollsTheMergeBack(CustomerFixture db) {
        ContactStore contacts = ContactFixture.contacts(db);
        TestUser boss = db.admin("boss");
        TestUser rep = db.rep("rep");
        Customer one = db.as(boss, () -> db.store.create(company("One"), false));
        Customer two = db.as(boss, () -> db.store.create(company("Two"), false));
        Customer child = db.as(boss, () -> db.store.create(child("Child of one", one.id()), false));
        Contact contact = db.as(boss, () -> contacts.create(new ContactFields(two.id(), "Stay", "Put", null, null, null,
                null, null, null, null, null, null), false));

        assertThatThrownBy(() -> db.as(rep, () -> db.store.merge(one.id(), two.id(), null, null)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(403));
        assertThatThrownBy(() -> db.as(boss, () -> db.store.merge(one.id(), one.id(), null, null)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("duplicateId"));
        assertThatThrownBy(() -> db.as(boss, () -> db.store.merge(one.id(), "nope", null, null)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("duplicateId"));
        assertThatThrownBy(() -> db.as(boss, () -> db.store.merge(one.id(), two.id(), List.of("ownerId"), null)))
                .satisfies(e -> assertThat(fields(e)).containsExactly("take"));
        assertThatThrownBy(() -> db.as(boss, () -> db.store.merge(child.id(), one.id(), null, null)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(409));

        db.store.addMergeParticipant((survivor, duplicate) -> {
            throw new IllegalStateException("sales is down");
        }, Map.of(CustomerMergeParticipant.PARTICIPANT_ID, "sales"));
        assertThatThrownBy(() -> db.as(boss, () -> db.store.merge(one.id(), two.id(), null, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().extensions()).containsEntry("participant", "sales");
                });
        assertThat(db.as(boss, () -> db.store.find(two.id()))).as("nothing merged").isPresent();
        assertThat(db.as(boss, () -> contacts.find(contact.id())).orElseThrow().customerId()).isEqualTo(two.id());
        assertThat(db.events(CustomerEvent.Merged.class)).isEmpty();

        db.store.addMergeParticipant((survivor, duplicate) -> {
            throw Problem.conflict("two has an open contract; close it first").toException();
        }, Map.of(CustomerMergeParticipant.PARTICIPANT_ID, "sales"));
        assertThatThrownBy(() -> db.as(boss, () -> db.store.merge(one.id(), two.id(), null, null)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().detail())
                        .contains("open contract"));
    }

    private static int status(Throwable e) {
        assertThat(e).isInstanceOf(ProblemException.class);
        return ((ProblemException) e).problem().status();
    }

    private static List<String> fields(Throwable e) {
        assertThat(e).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) e).problem().status()).isEqualTo(400);
        return ((ProblemException) e).problem().errors().stream().map(FieldError::field).toList();
    }
}
