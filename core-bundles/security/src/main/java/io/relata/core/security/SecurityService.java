package io.relata.core.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.relata.api.persistence.SchemaStatus;
import io.relata.api.persistence.Transactions;
import io.relata.api.rest.Problem;
import io.relata.api.security.AccessControl;
import io.relata.api.security.CurrentUser;
import io.relata.api.security.DataScope;
import io.relata.api.security.ScopeKind;
import io.relata.api.security.UserPrincipal;
import io.relata.api.security.UserSummary;
import io.relata.api.security.Users;

/**
 * Who the current thread works for, what they may do and which records they may see. The principal is bound
 * to the thread by the REST filter, the console bridge or {@link #runAs}; scopes are computed once per binding.
 */
@Component(service = {CurrentUser.class, AccessControl.class, Users.class, SecurityService.class},
        configurationPid = SecuritySettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SecuritySettings.class)
public class SecurityService implements CurrentUser, AccessControl, Users {

    static final UserPrincipal SYSTEM = new UserPrincipal(UserPrincipal.SYSTEM, UserPrincipal.SYSTEM, "Relata",
            "en", "UTC", Set.of(BuiltInRoles.ADMIN), Set.of("*"), Set.of(), null, null);

    /** One binding of a principal to a thread, with the scopes already worked out for it. */
    private static final class Binding {
        final UserPrincipal principal;
        final String source;
        final Map<String, DataScope> scopes;

        Binding(UserPrincipal principal, String source, Map<String, DataScope> scopes) {
            this.principal = principal;
            this.source = source;
            this.scopes = scopes;
        }
    }

    /** Remembered principals and tokens: at most this many of each. */
    private static final int CACHE_ENTRIES = 10_000;

    private final ThreadLocal<Deque<Binding>> bindings = ThreadLocal.withInitial(ArrayDeque::new);
    private final Directory directory;
    private final Credentials credentials;
    private final SecurityAudit audit;
    private volatile SecuritySettings settings;
    private volatile AuthCache cache;

    /** To forget remembered credentials again once a change of them commits; absent in unit tests. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Transactions transactions;

    @Activate
    public SecurityService(@Reference(target = "(osgi.jndi.service.name=relata)") DataSource dataSource,
                           @Reference(target = SecuritySchema.READY) SchemaStatus schema, SecuritySettings settings) {
        Clock clock = Clock.systemUTC();
        this.directory = new Directory(dataSource, clock, this::credentialsChanged);
        this.credentials = new Credentials(dataSource, clock, this::credentialsChanged);
        this.audit = new SecurityAudit(dataSource, clock);
        this.settings = settings;
        this.cache = newCache(settings);
    }

    @Modified
    void modified(SecuritySettings changed) {
        this.settings = changed;
        AuthCache previous = this.cache;
        this.cache = newCache(changed);
        previous.invalidate();
    }

    private static AuthCache newCache(SecuritySettings settings) {
        return new AuthCache(Duration.ofSeconds(Math.max(0, settings.auth_cache_seconds())).toNanos(), CACHE_ENTRIES,
                System::nanoTime);
    }

    /**
     * A user, role, team or token changed: what authentication remembers may be stale. Forgotten now, and again
     * when the change commits, so that nothing read in between (the old rows) outlives it.
     */
    private void credentialsChanged() {
        AuthCache current = cache;
        if (current == null) {
            return; // still constructing
        }
        current.invalidate();
        Transactions tx = transactions;
        if (tx != null && tx.active()) {
            tx.afterCommit(() -> cache.invalidate());
        }
    }

    /** Forgets every remembered token and principal (tests, and changes made behind the directory's back). */
    void forgetCredentials() {
        cache.invalidate();
    }

    Directory directory() {
        return directory;
    }

    Credentials credentials() {
        return credentials;
    }

    SecurityAudit audit() {
        return audit;
    }

    SecuritySettings settings() {
        return settings;
    }

    // ---- binding -------------------------------------------------------------------------------------------

    /** Binds the principal to this thread until {@link #leave()}; bindings nest. */
    void enter(UserPrincipal principal, String source) {
        // a remembered principal shares the scopes worked out for it (they are forgotten with it)
        AuthCache.CachedPrincipal cached = principal == null ? null : cache.principal(principal.id());
        Map<String, DataScope> scopes = cached != null && cached.principal().orElse(null) == principal
                ? cached.scopes() : new HashMap<>();
        bindings.get().push(new Binding(principal, source, scopes));
    }

    void leave() {
        Deque<Binding> stack = bindings.get();
        if (!stack.isEmpty()) {
            stack.pop();
        }
        if (stack.isEmpty()) {
            bindings.remove();
        }
    }

    /** Drops every binding of this thread (a pooled thread must never carry a user into the next request). */
    void clear() {
        bindings.remove();
    }

    String source() {
        Binding binding = bindings.get().peek();
        return binding == null ? null : binding.source;
    }

    /**
     * @return the principal of an active user, with permissions from all their roles; remembered for a few
     *         seconds (see {@link AuthCache})
     */
    Optional<UserPrincipal> principal(String userId) {
        AuthCache current = cache;
        AuthCache.CachedPrincipal cached = current.principal(userId);
        if (cached != null) {
            return cached.principal();
        }
        long generation = current.generation();
        Optional<UserPrincipal> loaded = directory.user(userId).filter(UserRecord::active).map(this::principal);
        current.putPrincipal(userId, new AuthCache.CachedPrincipal(loaded, new ConcurrentHashMap<>()), generation);
        return loaded;
    }

    /**
     * @return the API token behind a bearer secret, usable or not (the caller decides and audits), its use
     *         recorded at most once a minute; remembered for a few seconds (see {@link AuthCache})
     */
    Optional<Credentials.Token> token(String secret) {
        if (secret == null || !secret.startsWith(Credentials.TOKEN_PREFIX)) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(secret);
        AuthCache current = cache;
        Credentials.Token cached = current.token(hash);
        if (cached != null) {
            if (credentials.touchDue(cached)) {
                Credentials.Token used = Credentials.withLastUse(cached, credentials.now());
                if (current.replaceToken(hash, cached, used)) {
                    credentials.touch(used); // one request records the use, not every one that saw it due
                }
                return Optional.of(used);
            }
            return Optional.of(cached);
        }
        long generation = current.generation();
        Optional<Credentials.Token> loaded = credentials.tokenByHash(hash).map(credentials::touched);
        loaded.ifPresent(found -> current.putToken(hash, found, generation));
        return loaded;
    }

    UserPrincipal principal(UserRecord user) {
        Set<String> permissions = new LinkedHashSet<>();
        directory.rolesOf(user.id()).forEach(role -> permissions.addAll(role.permissions()));
        return new UserPrincipal(user.id(), user.username(), user.displayName(), user.locale(), user.timeZone(),
                new LinkedHashSet<>(user.roles()), permissions, new LinkedHashSet<>(user.teams()), user.subsidiaryId(),
                user.partnerId());
    }

    // ---- CurrentUser ---------------------------------------------------------------------------------------

    @Override
    public Optional<UserPrincipal> get() {
        Binding binding = bindings.get().peek();
        return binding == null ? Optional.empty() : Optional.of(binding.principal);
    }

    @Override
    public UserPrincipal require() {
        return get().orElseThrow(() -> Problem.of(401, "unauthenticated", "Unauthenticated",
                "sign in, or send an API token in the Authorization header").toException());
    }

    @Override
    public <T> T runAs(String username, Callable<T> work) throws Exception {
        UserRecord user = directory.userByName(username).filter(UserRecord::active)
                .orElseThrow(() -> new IllegalArgumentException("no active user " + username));
        enter(principal(user), "run-as");
        try {
            return work.call();
        } finally {
            leave();
        }
    }

    @Override
    public <T> T runAsSystem(Callable<T> work) throws Exception {
        enter(SYSTEM, "system");
        try {
            return work.call();
        } finally {
            leave();
        }
    }

    // ---- AccessControl -------------------------------------------------------------------------------------

    @Override
    public boolean permits(String permission) {
        return get().map(principal -> principal.has(permission)).orElse(false);
    }

    @Override
    public void require(String permission) {
        UserPrincipal principal = require();
        if (!principal.has(permission)) {
            audit.record(SecurityAudit.Type.PERMISSION_DENIED, false, principal.username(), principal.id(), source(),
                    "needs " + permission);
            throw Problem.of(403, "forbidden", "Forbidden", "this needs the permission " + permission).toException();
        }
    }

    @Override
    public DataScope scope(String recordType) {
        Binding binding = bindings.get().peek();
        if (binding == null) {
            return DataScope.none();
        }
        return binding.scopes.computeIfAbsent(recordType, type -> scopeOf(binding.principal, type));
    }

    private DataScope scopeOf(UserPrincipal principal, String recordType) {
        if (principal == SYSTEM) {
            return DataScope.all();
        }
        ScopeKind widest = ScopeKind.NONE;
        Set<String> owners = new LinkedHashSet<>();
        for (Directory.RoleRecord role : directory.rolesOf(principal.id())) {
            ScopeKind kind = role.scopes().getOrDefault(recordType, role.scopes().getOrDefault("*", ScopeKind.NONE));
            if (kind == ScopeKind.ALL) {
                return DataScope.all();
            }
            if (kind.ordinal() > widest.ordinal()) {
                widest = kind;
            }
            owners.addAll(ownersFor(principal, kind));
        }
        return new DataScope(widest, owners);
    }

    private Set<String> ownersFor(UserPrincipal principal, ScopeKind kind) {
        Set<String> owners = new LinkedHashSet<>();
        switch (kind) {
            case NONE, ALL -> {
                return owners;
            }
            case OWN -> owners.add(principal.id());
            case TEAM -> owners.addAll(directory.teamMatesOf(principal.id()));
            case SUBORDINATES -> owners.addAll(directory.withSubordinates(principal.id()));
            case SUBSIDIARY -> {
                owners.add(principal.id());
                if (principal.subsidiaryId() != null) {
                    owners.addAll(directory.usersOfSubsidiary(principal.subsidiaryId()));
                }
            }
            case PARTNER -> {
                owners.add(principal.id());
                if (principal.partnerId() != null) {
                    owners.addAll(directory.usersOfPartner(principal.partnerId()));
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return owners;
    }

    // ---- Users ---------------------------------------------------------------------------------------------

    @Override
    public Optional<UserSummary> byId(String id) {
        return directory.user(id).map(SecurityService::summary);
    }

    @Override
    public Optional<UserSummary> byUsername(String username) {
        return directory.userByName(username).map(SecurityService::summary);
    }

    @Override
    public List<UserSummary> teamMembers(String teamId) {
        if (teamId == null) {
            return List.of();
        }
        return directory.team(teamId).map(team -> team.members().stream()
                .map(directory::user).flatMap(Optional::stream).map(SecurityService::summary)
                .sorted(java.util.Comparator.comparing(UserSummary::username)).toList()).orElse(List.of());
    }

    private static UserSummary summary(UserRecord user) {
        return new UserSummary(user.id(), user.username(), user.displayName(), user.email(), user.active());
    }
}
