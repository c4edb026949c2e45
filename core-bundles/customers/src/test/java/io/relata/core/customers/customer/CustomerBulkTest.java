package io.relata.core.customers.customer;

import static io.relata.core.customers.customer.CustomerFixture.company;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.relata.api.audit.AuditAction;
import io.relata.api.audit.FieldChange;
import io.relata.api.customer.Customer;
import io.relata.api.customer.CustomerEvent;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.DataScope;
import io.relata.core.customers.customer.CustomerBulk.Outcome;
import io.relata.core.customers.customer.CustomerBulk.Request;
import io.relata.core.customers.customer.CustomerBulk.Result;
import io.relata.core.customers.customer.CustomerFixture.TestUser;

class CustomerBulkTest {

    @OnEveryDatabase
    void tagsEachCustomerLikeASingleChangeAndReportsTheOnesOutOfScopeAsNotFound(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser bob = db.rep("bob");
        Customer one = db.as(ada, () -> db.store.create(company("Bulk One"), false));
        Customer two = db.as(ada, () -> db.store.create(company("Bulk Two"), false));
        Customer bobs = db.as(bob, () -> db.store.create(company("Bulk Bob"), false));
        CustomerBulk bulk = new CustomerBulk(db.store);

        Result tagged = db.as(ada, () -> bulk.apply(new Request("tag", List.of(one.id(), two.id(), bobs.id(),
                "00000000-0000-0000-0000-000000000000", one.id()), null, " VIP ", null)));

        assertThat(tagged.done()).isEqualTo(2);
        assertThat(tagged.failed()).isEqualTo(2);
        assertThat(tagged.items()).extracting(Outcome::id).as("in request order, repeats once")
                .containsExactly(one.id(), two.id(), bobs.id(), "00000000-0000-0000-0000-000000000000");
        assertThat(tagged.items()).extracting(Outcome::status).containsExactly("ok", "ok", "error", "error");
        assertThat(tagged.items().get(2).problem().status()).as("out of scope is not found").isEqualTo(404);
        assertThat(db.as(ada, () -> db.store.find(one.id())).orElseThrow().tags()).containsExactly("vip");
        assertThat(db.as(bob, () -> db.store.find(bobs.id())).orElseThrow().tags()).isEmpty();
        assertThat(db.auditOf(one.id())).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.UPDATED);
            assertThat(entry.actorId()).isEqualTo("ada");
        });
        assertThat(db.events(CustomerEvent.Updated.class)).hasSize(2);

        Result again = db.as(ada, () -> bulk.apply(new Request("TAG", List.of(one.id()), null, "vip", null)));
        assertThat(again.done()).as("already tagged: nothing to change, still fine").isEqualTo(1);
        assertThat(db.events(CustomerEvent.Updated.class)).hasSize(2);

        Result untagged = db.as(ada, () -> bulk.apply(new Request("untag", List.of(one.id(), two.id()), null, "Vip",
                null)));
        assertThat(untagged.done()).isEqualTo(2);
        assertThat(db.as(ada, () -> db.store.find(two.id())).orElseThrow().tags()).isEmpty();
    }

    @OnEveryDatabase
    void releasesWithTheReasonInTheAuditAndOneRefusalDoesNotUndoTheOthers(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        TestUser boss = db.user("boss", Set.of("customers:*"), DataScope.all());
        Customer one = db.as(ada, () -> db.store.create(company("Pool One"), false));
        Customer two = db.as(ada, () -> db.store.create(company("Pool Two"), false));
        db.as(ada, () -> db.store.release(two.id(), "earlier"));
        CustomerBulk bulk = new CustomerBulk(db.store);

        Result released = db.as(ada, () -> bulk.apply(new Request("release", List.of(one.id(), two.id()), null, null,
                "moved away")));

        assertThat(released.items()).extracting(Outcome::status).containsExactly("ok", "error");
        assertThat(released.items().get(1).problem().status()).as("already in the pool").isEqualTo(409);
        assertThat(db.as(ada, () -> db.store.find(one.id())).orElseThrow().inPool()).isTrue();
        assertThat(db.auditOf(one.id())).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.RELEASED);
            assertThat(entry.reason()).isEqualTo("moved away");
            assertThat(entry.changes()).containsExactly(new FieldChange("ownerId", "ada", null));
        });
        assertThat(db.events(CustomerEvent.Released.class)).hasSize(2);

        Result refused = db.as(ada, () -> bulk.apply(new Request("assign", List.of(one.id()), "ada", null, null)));
        assertThat(refused.items().get(0).problem().status()).as("assigning needs customers:assign").isEqualTo(403);

        Result assigned = db.as(boss, () -> bulk.apply(new Request("assign", List.of(one.id(), two.id()), "ada", null,
                "key accounts")));
        assertThat(assigned.done()).isEqualTo(2);
        assertThat(db.auditOf(two.id())).last().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.ASSIGNED);
            assertThat(entry.reason()).isEqualTo("key accounts");
        });
        assertThat(db.events(CustomerEvent.Assigned.class)).hasSize(2);
    }

    @OnEveryDatabase
    void aMalformedRequestChangesNothing(CustomerFixture db) {
        TestUser ada = db.rep("ada");
        Customer one = db.as(ada, () -> db.store.create(company("Untouched"), false));
        CustomerBulk bulk = new CustomerBulk(db.store);
        List<String> tooMany = new ArrayList<>(IntStream.range(0, 501).mapToObj(i -> "id-" + i).toList());

        assertThat(fields(() -> db.as(ada, () -> bulk.apply(new Request("release", List.of(one.id()), null, null,
                " "))))).containsExactly("reason");
        assertThat(fields(() -> db.as(ada, () -> bulk.apply(new Request("paint", List.of(), null, null, null)))))
                .containsExactly("action", "ids");
        assertThat(fields(() -> db.as(ada, () -> bulk.apply(new Request("tag", tooMany, null, null, null)))))
                .containsExactly("ids", "tag");
        assertThat(fields(() -> db.as(ada, () -> bulk.apply(new Request("assign", List.of(one.id()), null, null,
                null))))).containsExactly("ownerId");
        assertThat(db.as(ada, () -> db.store.find(one.id())).orElseThrow().ownerId()).isEqualTo("ada");
    }

    private static List<String> fields(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        List<String> fields = new ArrayList<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(400);
            for (FieldError error : e.problem().errors()) {
                fields.add(error.field());
            }
        });
        return fields;
    }
}
