package io.relata.core.customers.customer;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.aries.jpa.template.JpaTemplate;
import org.eclipse.persistence.jpa.JpaHelper;
import org.eclipse.persistence.queries.DatabaseQuery;
import org.eclipse.persistence.sessions.SessionProfiler;
import org.eclipse.persistence.sessions.SessionProfilerAdapter;
import org.eclipse.persistence.sessions.server.Server;

import io.relata.api.audit.AuditEntry;
import io.relata.api.audit.AuditTrail;
import io.relata.api.audit.FieldChange;
import io.relata.api.audit.NewAuditEntry;
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
import io.relata.core.customers.field.CustomValues;
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
 * A {@link CustomerStore} on a real database with the customer schema applied and the persistence unit opened
 * resource-local. The other bundles' services it calls are small stand-ins that record what they were asked, so
 * tests can check the audit entries, recycle-bin entries and events a change produced.
 */
public final class CustomerFixture implements AutoCloseable {

    private static final Logger LIQUIBASE_LOG = Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(Level.WARNING);
    }

    /** A user the stand-in security knows: permissions and the owners whose customers they see. */
    public record TestUser(String id, Set<String> permissions, DataScope scope, boolean active) {
    }

    /** One call of the audit trail. */
    public record Recorded(String recordType, String recordId, String action, List<FieldChange> changes, String reason,
                    String actorId) {
    }

    final TestDatabase database;
    /** What the persistence unit's statements cost, in trips to the database. */
    public final CountingDataSource statements;
    public final EntityManagerFactory factory;
    public final Map<String, TestUser> users = new HashMap<>();
    public final List<Recorded> audit = new CopyOnWriteArrayList<>();
    /** How many entries each committed call of the audit trail carried: one for {@code record}. */
    public final List<Integer> auditCalls = new CopyOnWriteArrayList<>();
    public final List<RecycleBinEntry> bin = new CopyOnWriteArrayList<>();
    final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    final Map<String, Object> settings = new HashMap<>();
    /** Team id → member user ids, for lead assignment rules. */
    public final Map<String, List<String>> teams = new HashMap<>();
    CustomerRules rules = (fields, before) -> { };
    private volatile TestUser actingAs;
    public final CustomerStore store;
    /** The stand-ins, for the stores of records that hang off customers. */
    public final JpaTemplate jpa;
    public final CurrentUser currentUser = new TestCurrentUser();
    public final AccessControl access = new TestAccess();
    public final AuditTrail auditTrail = new TestAudit();
    public final RecycleBin recycleBin = new TestBin();
    /** Called as a change publishes its event, inside its transaction: lets a test pause a change there. */
    public volatile Consumer<DomainEvent> whilePublishing = event -> { };
    public final DomainEvents domainEvents = event -> {
        whilePublishing.accept(event);
        ResourceLocalJpa.afterCommit(() -> events.add(event));
    };
    /** The store's clock: the system clock, which a test may move forward to age customers. */
    public final MovableClock clock;
    public final Users directory = new TestUsers();
    public final TestCustomFields customFields = new TestCustomFields();
    public final CustomValues values = new CustomValues(customFields);

    private CustomerFixture(TestDatabase database) {
        this(database, new MovableClock());
    }

    private CustomerFixture(TestDatabase database, MovableClock clock) {
        this.database = database;
        this.clock = clock;
        this.statements = new CountingDataSource(database.dataSource());
        this.factory = unit(statements.dataSource());
        this.jpa = new ResourceLocalJpa(factory);
        this.store = new CustomerStore(new CustomerStore.Services(jpa, currentUser, access, directory,
                auditTrail, recycleBin, domainEvents, (fields, before) -> rules.check(fields, before), values),
                poolSettings(),
                clock);
    }

    /**
     * A second cluster node on the same database and clock: its own persistence unit (so its own cache), store
     * and stand-ins. The caller closes it.
     */
    public CustomerFixture anotherNode() {
        return new CustomerFixture(database, clock);
    }

    /** A fixture on a new, empty database of the same kind: where an export of this one can be imported. */
    public CustomerFixture emptyDatabaseOfSameKind() {
        return new CustomerFixture(migrated(isPostgres() ? TestDatabases.postgres() : TestDatabases.h2()));
    }

    /** Lets a store of this bundle take part in purges and merges, as DS would bind it. */
    public void dependant(CustomerDependants dependant) {
        store.addDependants(dependant);
    }

    public static Stream<CustomerFixture> databases() {
        return Stream.<Supplier<TestDatabase>>of(TestDatabases::h2, TestDatabases::postgres)
                .map(Supplier::get)
                .map(CustomerFixture::migrated)
                .map(CustomerFixture::new);
    }

    @Override
    public void close() {
        factory.close();
    }

    @Override
    public String toString() {
        return database.kind();
    }

    public boolean isPostgres() {
        return database.kind().equals("PostgreSQL");
    }

    // ---- users ---------------------------------------------------------------------------------------------

    /** A sales rep: reads and writes their own customers (and the pool). */
    public TestUser rep(String id) {
        return user(id, Set.of("customers:read", "customers:write", "contacts:read", "contacts:write"),
                new DataScope(ScopeKind.OWN, Set.of(id)));
    }

    /** An administrator: everything, every customer. */
    public TestUser admin(String id) {
        return user(id, Set.of("*"), DataScope.all());
    }

    public TestUser user(String id, Set<String> permissions, DataScope scope) {
        TestUser user = new TestUser(id, permissions, scope, true);
        users.put(id, user);
        return user;
    }

    public void disable(String id) {
        TestUser user = users.get(id);
        users.put(id, new TestUser(id, user.permissions(), user.scope(), false));
    }

    /** Runs the work as the user, as the REST filter would bind them. */
    public <T> T as(TestUser user, Callable<T> work) {
        TestUser before = actingAs;
        actingAs = user;
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            actingAs = before;
        }
    }

    public void as(TestUser user, Runnable work) {
        as(user, () -> {
            work.run();
            return null;
        });
    }

    public List<Recorded> auditOf(String recordId) {
        return audit.stream().filter(entry -> entry.recordId().equals(recordId)).toList();
    }

    public <E extends DomainEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    // ---- building blocks --------------------------------------------------------------------------------------

    public static CustomerFields company(String name) {
        return new CustomerFields(null, name, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    public static CustomerFields company(String name, String email, String phone) {
        return new CustomerFields(null, name, null, null, null, phone, email, null, null, null, null, null, null, null,
                null);
    }

    public static CustomerFields child(String name, String parentId) {
        return new CustomerFields(null, name, null, null, null, null, null, null, null, null, null, parentId, null,
                null, null);
    }

    /** A copy of the fields with one component replaced, as a merge patch of one member would. */
    public static CustomerFields with(CustomerFields fields, String component, Object value) {
        try {
            var components = CustomerFields.class.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            boolean found = false;
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals(component) ? value : components[i].getAccessor().invoke(fields);
                found |= components[i].getName().equals(component);
            }
            if (!found) {
                throw new IllegalArgumentException("no field " + component);
            }
            return CustomerFields.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static CustomerQuery query(Map<String, String> parameters) {
        return CustomerQuery.parse(parameters);
    }

    public static PageRequest page(int limit) {
        return new PageRequest(limit, null);
    }

    public static <T> List<T> all(Function<PageRequest, Page<T>> list) {
        List<T> items = new ArrayList<>();
        PageRequest page = new PageRequest(200, null);
        while (true) {
            Page<T> one = list.apply(page);
            items.addAll(one.items());
            if (one.nextCursor() == null) {
                return items;
            }
            page = PageRequest.of("200", one.nextCursor());
        }
    }

    public interface Function<A, B> {
        B apply(A a);
    }

    /**
     * How many queries EclipseLink prepared (built their SQL for) while the work ran, counted with a session
     * profiler: a query that stays prepared is not counted again.
     */
    public int queryPreparations(Runnable work) {
        AtomicInteger preparations = new AtomicInteger();
        Server session = JpaHelper.getServerSession(factory);
        session.setProfiler(new SessionProfilerAdapter() {
            @Override
            public void startOperationProfile(String operation, DatabaseQuery query, int weight) {
                if (SessionProfiler.QueryPreparation.equals(operation)) {
                    preparations.incrementAndGet();
                }
            }
        });
        try {
            work.run();
        } finally {
            session.setProfiler(null);
        }
        return preparations.get();
    }

    /** Changes a setting of {@code etc/io.relata.customers.cfg}, e.g. {@code pool_reclaimAfterDays}. */
    public void setting(String attribute, Object value) {
        settings.put(attribute, value);
    }

    /** The settings as configuration admin would hand them to a component; they follow {@link #setting}. */
    public PoolSettings poolSettings() {
        Set<String> attributes = Arrays.stream(PoolSettings.class.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        return (PoolSettings) Proxy.newProxyInstance(PoolSettings.class.getClassLoader(),
                new Class<?>[] {PoolSettings.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "annotationType" -> PoolSettings.class;
                    case "toString" -> "PoolSettings" + settings;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == arguments[0];
                    default -> {
                        if (!attributes.contains(method.getName())) {
                            throw new IllegalArgumentException(method.getName());
                        }
                        yield settings.getOrDefault(method.getName(), method.getDefaultValue());
                    }
                });
    }

    @SuppressWarnings("deprecation") // the Liquibase facade is the documented embedding API of 4.x
    private static TestDatabase migrated(TestDatabase database) {
        try (Connection migrating = database.connect()) {
            Database target = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(migrating));
            target.setDatabaseChangeLogTableName("core_customers_changelog");
            target.setDatabaseChangeLogLockTableName("core_customers_changelog_lock");
            Liquibase liquibase = new Liquibase(new CustomersSchema().changelog(),
                    new ClassLoaderResourceAccessor(CustomerFixture.class.getClassLoader()), target);
            liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
            Scope.child(Scope.Attr.ui, new LoggerUIService(),
                    () -> liquibase.update(new Contexts(), new LabelExpression()));
            return database;
        } catch (Exception e) {
            throw new IllegalStateException("cannot apply the customer schema on " + database, e);
        }
    }

    private static EntityManagerFactory unit(javax.sql.DataSource dataSource) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("javax.persistence.transactionType", "RESOURCE_LOCAL");
        properties.put("javax.persistence.jtaDataSource", null);
        properties.put("javax.persistence.nonJtaDataSource", dataSource);
        properties.put("eclipselink.logging.logger", "DefaultLogger");
        properties.put("eclipselink.logging.level", "WARNING");
        properties.put("eclipselink.weaving", "false");
        return Persistence.createEntityManagerFactory("customers", properties);
    }

    // ---- stand-ins for the other bundles' services ------------------------------------------------------------

    private final class TestCurrentUser implements CurrentUser {
        @Override
        public Optional<UserPrincipal> get() {
            TestUser user = actingAs;
            return user == null ? Optional.empty() : Optional.of(new UserPrincipal(user.id(), user.id(), user.id(),
                    "en", "UTC", Set.of(), user.permissions(), Set.of(), null, null));
        }

        @Override
        public UserPrincipal require() {
            return get().orElseThrow(() -> Problem.of(401, "unauthenticated", "Unauthenticated", "sign in")
                    .toException());
        }

        @Override
        public <T> T runAs(String username, Callable<T> work) throws Exception {
            return as(users.get(username), work);
        }

        @Override
        public <T> T runAsSystem(Callable<T> work) throws Exception {
            return as(new TestUser(UserPrincipal.SYSTEM, Set.of("*"), DataScope.all(), true), work);
        }
    }

    private final class TestAccess implements AccessControl {
        @Override
        public boolean permits(String permission) {
            TestUser user = actingAs;
            return user != null && new UserPrincipal(user.id(), user.id(), null, null, null, null,
                    user.permissions(), null, null, null).has(permission);
        }

        @Override
        public void require(String permission) {
            if (!permits(permission)) {
                throw Problem.of(403, "forbidden", "Forbidden", "missing permission " + permission).toException();
            }
        }

        @Override
        public DataScope scope(String recordType) {
            TestUser user = actingAs;
            return user == null ? DataScope.none() : user.scope();
        }
    }

    private final class TestUsers implements Users {
        @Override
        public Optional<UserSummary> byId(String id) {
            TestUser user = users.get(id);
            return user == null ? Optional.empty()
                    : Optional.of(new UserSummary(id, id, id, null, user.active()));
        }

        @Override
        public Optional<UserSummary> byUsername(String username) {
            return byId(username);
        }

        @Override
        public List<UserSummary> teamMembers(String teamId) {
            return teams.getOrDefault(teamId, List.of()).stream().sorted().map(this::byId).flatMap(Optional::stream)
                    .toList();
        }
    }

    private final class TestAudit implements AuditTrail {
        @Override
        public void record(String recordType, String recordId, String action, List<FieldChange> changes,
                           String reason) {
            recordAll(List.of(new NewAuditEntry(recordType, recordId, action, changes, reason)));
        }

        @Override
        public void recordAll(List<NewAuditEntry> entries) {
            TestUser user = actingAs;
            List<Recorded> recorded = entries.stream().map(entry -> new Recorded(entry.recordType(), entry.recordId(),
                    entry.action(), List.copyOf(entry.changes()), entry.reason(),
                    user == null ? UserPrincipal.SYSTEM : user.id())).toList();
            ResourceLocalJpa.afterCommit(() -> {
                audit.addAll(recorded);
                auditCalls.add(recorded.size());
            });
        }

        @Override
        public Page<AuditEntry> history(String recordType, String recordId, PageRequest page) {
            throw new UnsupportedOperationException("the audit bundle's own tests cover reading");
        }
    }

    private final class TestBin implements RecycleBin {
        @Override
        public RecycleBinEntry add(String module, String recordType, String recordId, String label) {
            RecycleBinEntry entry = new RecycleBinEntry(java.util.UUID.randomUUID().toString(), module, recordType,
                    recordId, label, Instant.now().atOffset(ZoneOffset.UTC).toInstant(),
                    actingAs == null ? UserPrincipal.SYSTEM : actingAs.id());
            ResourceLocalJpa.afterCommit(() -> bin.add(entry));
            return entry;
        }
    }
}
