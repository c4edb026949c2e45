package io.relata.core.activities;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import io.relata.api.audit.AuditEntry;
import io.relata.api.audit.AuditTrail;
import io.relata.api.audit.FieldChange;
import io.relata.api.audit.RecordVisibility;
import io.relata.api.customer.Contact;
import io.relata.api.customer.Contacts;
import io.relata.api.customer.Customer;
import io.relata.api.customer.Customers;
import io.relata.api.event.DomainEvent;
import io.relata.api.event.DomainEvents;
import io.relata.api.recyclebin.RecycleBin;
import io.relata.api.recyclebin.RecycleBinEntry;
import io.relata.api.rest.Page;
import io.relata.api.rest.PageRequest;
import io.relata.api.rest.Problem;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.api.security.UserPrincipal;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;
import io.relata.testing.ResourceLocalJpa;
import io.relata.testing.TestDatabases;
import io.relata.testing.TestDatabases.TestDatabase;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * An {@link ActivityStore} and {@link Timeline} on a real database with the activity schema applied and the
 * persistence unit opened resource-local. Customers, contacts, leads, users and security are small stand-ins that
 * the tests fill; the audit trail, recycle bin and events record what they were asked, kept on commit and dropped
 * on rollback as under JTA.
 */
final class ActivityFixture implements AutoCloseable {

    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    /** A user the stand-in security knows: permissions, and whose activities they see. */
    record TestUser(String id, Set<String> permissions, DataScope scope) {
    }

    /** One call of the audit trail. */
    record Recorded(String recordType, String recordId, String action, List<FieldChange> changes) {
    }

    private final TestDatabase database;
    private final EntityManagerFactory factory;
    final Map<String, TestUser> users = new HashMap<>();
    /** User id → IANA time zone; UTC for those not listed. */
    final Map<String, String> timeZones = new ConcurrentHashMap<>();
    /** Customer id → owner; all visible unless hidden. */
    final Map<String, String> customers = new ConcurrentHashMap<>();
    final Set<String> hiddenCustomers = ConcurrentHashMap.newKeySet();
    /** Contact id → customer id; a contact is visible when its customer is. */
    final Map<String, String> contacts = new ConcurrentHashMap<>();
    final Set<String> deletedContacts = ConcurrentHashMap.newKeySet();
    final Set<String> visibleLeads = ConcurrentHashMap.newKeySet();
    final List<Recorded> audit = new CopyOnWriteArrayList<>();
    final List<RecycleBinEntry> bin = new CopyOnWriteArrayList<>();
    final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    final TestClock clock = new TestClock();
    final RecordTypes recordTypes = new RecordTypes();
    final ActivityStore store;
    final Timeline timeline;
    final CurrentUser currentUser = new TestCurrentUser();
    /** Publishes into {@link #events} when the transaction commits. */
    final DomainEvents domainEvents = event -> ResourceLocalJpa.afterCommit(() -> events.add(event));
    final AccessControl access = new TestAccess();
    /** Per thread: tests that race two requests act as a different user on each. */
    private final ThreadLocal<TestUser> actingAs = new ThreadLocal<>();

    private ActivityFixture(TestDatabase database) {
        this.database = database;
        this.factory = unit(database);
        Customers customerReads = new TestCustomers();
        Contacts contactReads = new TestContacts();
        recordTypes.add(id -> customers.containsKey(id) && !hiddenCustomers.contains(id),
                Map.of(RecordVisibility.RECORD_TYPE, Customers.RECORD_TYPE));
        recordTypes.add(id -> contacts.containsKey(id) && !hiddenCustomers.contains(contacts.get(id)),
                Map.of(RecordVisibility.RECORD_TYPE, Contacts.RECORD_TYPE));
        recordTypes.add(visibleLeads::contains, Map.of(RecordVisibility.RECORD_TYPE, "lead"));
        this.store = new ActivityStore(new ActivityStore.Services(new ResourceLocalJpa(factory), currentUser,
                access, new TestUsers(), new TestAudit(), new TestBin(), domainEvents, customerReads, contactReads,
                recordTypes), clock);
        this.timeline = new Timeline(store, customerReads, contactReads, access);
    }

    static Stream<ActivityFixture> databases() {
        return Stream.<Supplier<TestDatabase>>of(TestDatabases::h2, TestDatabases::postgres)
                .map(Supplier::get)
                .map(ActivityFixture::migrated)
                .map(ActivityFixture::new);
    }

    @Override
    public void close() {
        factory.close();
    }

    @Override
    public String toString() {
        return database.kind();
    }

    // ---- users and records --------------------------------------------------------------------------------

    /** A sales rep: reads and writes their own activities. */
    TestUser rep(String id) {
        return user(id, Set.of("activities:read", "activities:write", "customers:read", "contacts:read"),
                new DataScope(ScopeKind.OWN, Set.of(id)));
    }

    /** A manager who sees their own and the given reports' activities. */
    TestUser manager(String id, String... reports) {
        Set<String> owners = new HashSet<>(List.of(reports));
        owners.add(id);
        return user(id, Set.of("activities:read", "activities:write", "customers:read", "contacts:read"),
                new DataScope(ScopeKind.SUBORDINATES, owners));
    }

    TestUser user(String id, Set<String> permissions, DataScope scope) {
        TestUser user = new TestUser(id, permissions, scope);
        users.put(id, user);
        return user;
    }

    String customer(String ownerId) {
        String id = UUID.randomUUID().toString();
        customers.put(id, ownerId);
        return id;
    }

    String contact(String customerId) {
        String id = UUID.randomUUID().toString();
        contacts.put(id, customerId);
        return id;
    }

    <T> T as(TestUser user, Callable<T> work) {
        TestUser before = actingAs.get();
        actingAs.set(user);
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            actingAs.set(before);
        }
    }

    void as(TestUser user, Runnable work) {
        as(user, () -> {
            work.run();
            return null;
        });
    }

    <E extends DomainEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<Recorded> auditOf(String recordId) {
        return audit.stream().filter(entry -> entry.recordId().equals(recordId)).toList();
    }

    // ---- for the schedule, calendar feed and work summary tests (added) -----------------------------------------

    /** Users that {@link #directory()} reports inactive and {@link #strictCurrentUser()} refuses to run as. */
    final Set<String> inactiveUsers = ConcurrentHashMap.newKeySet();

    /** Another template over the same unit, for components besides the store (reads and their own tables). */
    org.apache.aries.jpa.template.JpaTemplate jpa() {
        return new ResourceLocalJpa(factory);
    }

    javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    /** The users, with {@link #inactiveUsers} inactive. */
    Users directory() {
        Users all = new TestUsers();
        return new Users() {
            @Override
            public Optional<UserSummary> byId(String id) {
                return all.byId(id).map(user -> new UserSummary(user.id(), user.username(), user.displayName(),
                        user.email(), !inactiveUsers.contains(id)));
            }

            @Override
            public Optional<UserSummary> byUsername(String username) {
                return byId(username);
            }

            @Override
            public List<UserSummary> teamMembers(String teamId) {
                return List.of();
            }
        };
    }

    /** {@link #currentUser}, but like the real one it runs as known, active users only. */
    CurrentUser strictCurrentUser() {
        return new CurrentUser() {
            @Override
            public Optional<UserPrincipal> get() {
                return currentUser.get();
            }

            @Override
            public UserPrincipal require() {
                return currentUser.require();
            }

            @Override
            public <T> T runAs(String username, Callable<T> work) throws Exception {
                if (!users.containsKey(username) || inactiveUsers.contains(username)) {
                    throw new IllegalArgumentException("no active user " + username);
                }
                return currentUser.runAs(username, work);
            }

            @Override
            public <T> T runAsSystem(Callable<T> work) throws Exception {
                return currentUser.runAsSystem(work);
            }
        };
    }

    // ---- database ------------------------------------------------------------------------------------------

    @SuppressWarnings("deprecation") // the Liquibase facade is the documented embedding API of 4.x
    private static TestDatabase migrated(TestDatabase database) {
        try (Connection migrating = database.connect()) {
            Database target = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(migrating));
            target.setDatabaseChangeLogTableName(ActivitiesSchema.NAME + "_changelog");
            target.setDatabaseChangeLogLockTableName(ActivitiesSchema.NAME + "_changelog_lock");
            Liquibase liquibase = new Liquibase(new ActivitiesSchema().changelog(),
                    new ClassLoaderResourceAccessor(ActivityFixture.class.getClassLoader()), target);
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            Scope.child(Scope.Attr.ui, new LoggerUIService(),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
            return database;
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply the activity schema on " + database, e);
        }
    }

    private static EntityManagerFactory unit(TestDatabase database) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("javax.persistence.transactionType", "RESOURCE_LOCAL");
        properties.put("javax.persistence.jtaDataSource", null);
        properties.put("javax.persistence.nonJtaDataSource", database.dataSource());
        properties.put("eclipselink.logging.logger", "DefaultLogger");
        properties.put("eclipselink.logging.level", "WARNING");
        properties.put("eclipselink.weaving", "false");
        return Persistence.createEntityManagerFactory("activities", properties);
    }

    // ---- stand-ins -------------------------------------------------------------------------------------------

    /** A UTC clock that stands still until a test moves it, so times are exact. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-29T08:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        Instant now() {
            return now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the tests only need UTC");
        }
    }

    private final class TestCurrentUser implements CurrentUser {
        @Override
        public Optional<UserPrincipal> get() {
            TestUser user = actingAs.get();
            return user == null ? Optional.empty() : Optional.of(principal(user));
        }

        @Override
        public UserPrincipal require() {
            return get().orElseThrow(() -> Problem.of(401, "unauthenticated", "Unauthenticated", "sign in")
                    .toException());
        }

        @Override
        public <T> T runAs(String username, Callable<T> work) {
            return as(users.get(username), work);
        }

        @Override
        public <T> T runAsSystem(Callable<T> work) {
            return as(new TestUser(UserPrincipal.SYSTEM, Set.of("*"), DataScope.all()), work);
        }
    }

    private UserPrincipal principal(TestUser user) {
        return new UserPrincipal(user.id(), user.id(), user.id(), "en", timeZones.getOrDefault(user.id(), "UTC"),
                Set.of(), user.permissions(), Set.of(), null, null);
    }

    private final class TestAccess implements AccessControl {
        @Override
        public boolean permits(String permission) {
            TestUser user = actingAs.get();
            return user != null && principal(user).has(permission);
        }

        @Override
        public void require(String permission) {
            if (!permits(permission)) {
                throw Problem.of(403, "forbidden", "Forbidden", "missing permission " + permission).toException();
            }
        }

        @Override
        public DataScope scope(String recordType) {
            TestUser user = actingAs.get();
            return user == null ? DataScope.none() : user.scope();
        }
    }

    private final class TestUsers implements Users {
        @Override
        public Optional<UserSummary> byId(String id) {
            return users.containsKey(id) ? Optional.of(new UserSummary(id, id, id, null, true)) : Optional.empty();
        }

        @Override
        public Optional<UserSummary> byUsername(String username) {
            return byId(username);
        }

        @Override
        public List<UserSummary> teamMembers(String teamId) {
            return List.of();
        }
    }

    private final class TestCustomers implements Customers {
        @Override
        public Optional<Customer> find(String id) {
            if (!customers.containsKey(id) || hiddenCustomers.contains(id)) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            return Optional.of(new Customer(id, null, "Customer " + id, null, null, null, null, null, null, null, null,
                    customers.get(id), null, null, null, Map.of(), now, "system", now, "system", 1));
        }
    }

    private final class TestContacts implements Contacts {
        @Override
        public Optional<Contact> find(String id) {
            String customerId = contacts.get(id);
            if (customerId == null || deletedContacts.contains(id) || hiddenCustomers.contains(customerId)) {
                return Optional.empty();
            }
            return Optional.of(contact(id, customerId));
        }

        @Override
        public List<Contact> ofCustomer(String customerId) {
            return contacts.entrySet().stream()
                    .filter(entry -> entry.getValue().equals(customerId) && !deletedContacts.contains(entry.getKey()))
                    .map(entry -> contact(entry.getKey(), customerId)).toList();
        }

        private Contact contact(String id, String customerId) {
            Instant now = clock.instant();
            return new Contact(id, customerId, "First", "Last", null, null, List.of(), List.of(), null, false, false,
                    false, Map.of(), now, "system", now, "system", 1);
        }
    }

    private final class TestAudit implements AuditTrail {
        @Override
        public void record(String recordType, String recordId, String action, List<FieldChange> changes,
                           String reason) {
            Recorded entry = new Recorded(recordType, recordId, action, List.copyOf(changes));
            ResourceLocalJpa.afterCommit(() -> audit.add(entry));
        }

        @Override
        public Page<AuditEntry> history(String recordType, String recordId, PageRequest page) {
            throw new UnsupportedOperationException("the audit bundle's own tests cover reading");
        }
    }

    private final class TestBin implements RecycleBin {
        @Override
        public RecycleBinEntry add(String module, String recordType, String recordId, String label) {
            TestUser user = actingAs.get();
            RecycleBinEntry entry = new RecycleBinEntry(UUID.randomUUID().toString(), module, recordType, recordId,
                    label, clock.instant().truncatedTo(ChronoUnit.MICROS),
                    user == null ? UserPrincipal.SYSTEM : user.id());
            ResourceLocalJpa.afterCommit(() -> bin.add(entry));
            return entry;
        }
    }
}
