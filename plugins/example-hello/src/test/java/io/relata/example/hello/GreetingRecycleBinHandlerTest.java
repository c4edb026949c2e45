package io.relata.example.hello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.relata.api.event.DomainEvent;
import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.rest.ProblemException;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.DataScope;
import io.relata.api.security.UserPrincipal;
import io.relata.testing.ResourceLocalJpa;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;

/** The greeting handler restores and purges what the store deleted, on H2 and on PostgreSQL. */
class GreetingRecycleBinHandlerTest {

    private static final UserPrincipal OWNER = new UserPrincipal("owner-1", "ada", "Ada", "en", "UTC", Set.of(),
            Set.of("*"), Set.of(), null, null);

    private final List<DomainEvent> published = new CopyOnWriteArrayList<>();
    private final List<RecycleBinEntry> binned = new CopyOnWriteArrayList<>();
    private EntityManagerFactory factory;
    private GreetingStore store;
    private GreetingRecycleBinHandler handler;

    static Stream<TestDatabase> databases() {
        return Stream.of(TestDatabases.h2(), TestDatabases.postgres());
    }

    @AfterEach
    void closeUnit() {
        if (factory != null) {
            factory.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRestoredGreetingIsLiveAgainAndAnnounced(TestDatabase database) throws Exception {
        start(database);
        GreetingView greeting = store.create(new GreetingChanges("Ada", "Hi Ada"));
        store.delete(greeting.id(), null);
        assertThat(binned).extracting(RecycleBinEntry::recordType, RecycleBinEntry::recordId)
                .containsExactly(tuple(GreetingStore.RECORD_TYPE, greeting.id()));

        handler.restore(greeting.id());

        assertThat(store.find(greeting.id())).get().extracting(GreetingView::name, GreetingView::message)
                .containsExactly("Ada", "Hi Ada");
        assertThat(published).last().isInstanceOfSatisfying(GreetingEvents.Restored.class,
                restored -> assertThat(restored.greetingId()).isEqualTo(greeting.id()));
        assertThatThrownBy(() -> store.create(new GreetingChanges("ADA", null)))
                .as("its name is taken again").isInstanceOf(ProblemException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNameTakenMeanwhileIsAConflictAndTheGreetingStaysDeleted(TestDatabase database) throws Exception {
        start(database);
        GreetingView deleted = store.create(new GreetingChanges("Ada", null));
        store.delete(deleted.id(), null);
        store.create(new GreetingChanges("ada", "the new one"));
        int eventsBefore = published.size();

        assertThatThrownBy(() -> handler.restore(deleted.id()))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().detail()).isEqualTo("a greeting for 'Ada' already exists");
                });

        assertThat(store.find(deleted.id())).isEmpty();
        assertThat(row(deleted.id()).deleted()).isTrue();
        assertThat(published).hasSize(eventsBefore);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void purgeRemovesTheDeletedRowButNeverALiveOne(TestDatabase database) throws Exception {
        start(database);
        GreetingView deleted = store.create(new GreetingChanges("Ada", null));
        GreetingView live = store.create(new GreetingChanges("Grace", null));
        store.delete(deleted.id(), null);

        handler.purge(deleted.id());
        handler.purge(live.id());
        handler.purge("never-existed");

        assertThat(row(deleted.id())).isNull();
        assertThat(store.find(live.id())).isPresent();
    }

    private Greeting row(String id) {
        EntityManager em = factory.createEntityManager();
        try {
            return em.find(Greeting.class, id);
        } finally {
            em.close();
        }
    }

    private void start(TestDatabase database) throws Exception {
        factory = GreetingMappingTest.migratedUnit(database);
        store = new GreetingStore(new ResourceLocalJpa(factory), null, published::add,
                (module, recordType, recordId, label) -> {
                    RecycleBinEntry entry = new RecycleBinEntry("entry-" + recordId, module, recordType, recordId,
                            label, Instant.now(), OWNER.username());
                    binned.add(entry);
                    return entry;
                }, new SignedIn(), new SeesEverything());
        handler = new GreetingRecycleBinHandler(store);
    }

    private static final class SignedIn implements CurrentUser {
        @Override
        public Optional<UserPrincipal> get() {
            return Optional.of(OWNER);
        }

        @Override
        public UserPrincipal require() {
            return OWNER;
        }

        @Override
        public <T> T runAs(String username, Callable<T> work) throws Exception {
            return work.call();
        }

        @Override
        public <T> T runAsSystem(Callable<T> work) throws Exception {
            return work.call();
        }
    }

    private static final class SeesEverything implements AccessControl {
        @Override
        public boolean permits(String permission) {
            return true;
        }

        @Override
        public void require(String permission) {
        }

        @Override
        public DataScope scope(String recordType) {
            return DataScope.all();
        }
    }
}
