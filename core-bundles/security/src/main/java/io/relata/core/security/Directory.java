package io.relata.core.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.relata.api.security.ScopeKind;

/**
 * Users, roles and teams in the database ({@code core_user}, {@code core_role*}, {@code core_team*}): the data
 * the security service, the REST resources and the console commands share.
 */
final class Directory {

    private static final String USER_COLUMNS = "id, username, display_name, email, locale, time_zone, manager_id,"
            + " subsidiary_id, partner_id, active, failed_logins, locked_until, created_at, updated_at, version";

    final Sql sql;
    private final Clock clock;
    private final Runnable changed;

    Directory(DataSource dataSource, Clock clock) {
        this(dataSource, clock, () -> {
        });
    }

    /** @param changed told after every write, before it commits (what authentication remembers is stale then) */
    Directory(DataSource dataSource, Clock clock, Runnable changed) {
        this.sql = new Sql(dataSource);
        this.clock = clock;
        this.changed = changed;
    }

    /** Every write of users, roles and teams goes through here. */
    private int write(String statement, Object... parameters) {
        try {
            return sql.update(statement, parameters);
        } finally {
            changed.run();
        }
    }

    // ---- users ---------------------------------------------------------------------------------------------

    Optional<UserRecord> user(String id) {
        return sql.one("SELECT " + USER_COLUMNS + " FROM core_user WHERE id = ?", Directory::user, id)
                .map(this::withMembership);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    Optional<UserRecord> userByName(String username) {
        return sql.one("SELECT " + USER_COLUMNS + " FROM core_user WHERE username = ?", Directory::user,
                normalise(username)).map(this::withMembership);
    }

    List<UserRecord> users(String query, int limit, String after) {
        // only the filters given, as fixed SQL with parameters: PostgreSQL cannot type "? IS NULL"
        List<String> conditions = new java.util.ArrayList<>(List.of("1 = 1"));
        List<Object> parameters = new java.util.ArrayList<>();
        if (query != null && !query.isBlank()) {
            String like = "%" + escapeLike(query.trim().toLowerCase(Locale.ROOT)) + "%";
            conditions.add("(username LIKE ? ESCAPE '\\' OR LOWER(display_name) LIKE ? ESCAPE '\\')");
            parameters.add(like);
            parameters.add(like);
        }
        if (after != null) {
            conditions.add("username > ?");
            parameters.add(after);
        }
        return sql.list("SELECT " + USER_COLUMNS + " FROM core_user WHERE " + String.join(" AND ", conditions)
                + " ORDER BY username FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", Directory::user,
                parameters.toArray()).stream().map(this::withMembership).toList();
    }

    Optional<String> passwordHash(String userId) {
        return sql.one("SELECT password_hash FROM core_user WHERE id = ?", row -> row.getString(1), userId);
    }

    long countUsers() {
        return sql.count("SELECT COUNT(*) FROM core_user");
    }

    long countHolders(String roleId) {
        return sql.count("SELECT COUNT(*) FROM core_user_role WHERE role_id = ?", roleId);
    }

    long countActiveUsers() {
        return sql.count("SELECT COUNT(*) FROM core_user WHERE active = TRUE");
    }

    String createUser(String username, String displayName, String email, String locale, String timeZone,
                      String managerId, String subsidiaryId, String partnerId, boolean active, String passwordHash) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        write("INSERT INTO core_user (id, username, display_name, email, locale, time_zone, manager_id,"
                        + " subsidiary_id, partner_id, active, password_hash, password_changed_at, failed_logins,"
                        + " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 1)",
                id, normalise(username), displayName, email, locale, timeZone, managerId, subsidiaryId, partnerId,
                active, passwordHash, passwordHash == null ? null : now, now, now);
        return id;
    }

    /** @return false when the row's version is not {@code version} any more (a concurrent change) */
    boolean updateUser(String id, long version, String displayName, String email, String locale, String timeZone,
                       String managerId, String subsidiaryId, String partnerId, boolean active) {
        return write("UPDATE core_user SET display_name = ?, email = ?, locale = ?, time_zone = ?, manager_id = ?,"
                        + " subsidiary_id = ?, partner_id = ?, active = ?, updated_at = ?, version = version + 1"
                        + " WHERE id = ? AND version = ?", displayName, email, locale, timeZone, managerId,
                subsidiaryId, partnerId, active, clock.instant(), id, version) == 1;
    }

    void setPassword(String id, String hash) {
        write("UPDATE core_user SET password_hash = ?, password_changed_at = ?, failed_logins = 0,"
                + " locked_until = NULL, updated_at = ?, version = version + 1 WHERE id = ?", hash, clock.instant(),
                clock.instant(), id);
    }

    void setActive(String id, boolean active) {
        write("UPDATE core_user SET active = ?, updated_at = ?, version = version + 1 WHERE id = ?", active,
                clock.instant(), id);
    }

    void recordLoginFailure(String id, int failures, Instant lockedUntil) {
        write("UPDATE core_user SET failed_logins = ?, locked_until = ? WHERE id = ?", failures, lockedUntil, id);
    }

    void clearLoginFailures(String id) {
        write("UPDATE core_user SET failed_logins = 0, locked_until = NULL WHERE id = ?", id);
    }

    /** The user and everyone below them in the manager chain (cycles are refused when managers are set). */
    Set<String> withSubordinates(String userId) {
        Map<String, List<String>> reports = new LinkedHashMap<>();
        sql.list("SELECT id, manager_id FROM core_user WHERE manager_id IS NOT NULL", row -> {
            reports.computeIfAbsent(row.getString(2), key -> new java.util.ArrayList<>()).add(row.getString(1));
            return null;
        });
        Set<String> result = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(userId));
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (result.add(next)) {
                pending.addAll(reports.getOrDefault(next, List.of()));
            }
        }
        return result;
    }

    /** @return whether making {@code managerId} the manager of {@code userId} would close a loop */
    boolean wouldCycle(String userId, String managerId) {
        return managerId != null && withSubordinates(userId).contains(managerId);
    }

    Set<String> teamMatesOf(String userId) {
        Set<String> mates = new HashSet<>(sql.list("SELECT DISTINCT m.user_id FROM core_team_member m"
                + " JOIN core_team_member mine ON mine.team_id = m.team_id WHERE mine.user_id = ?",
                row -> row.getString(1), userId));
        mates.add(userId);
        return mates;
    }

    Set<String> usersOfSubsidiary(String subsidiaryId) {
        return new HashSet<>(sql.list("SELECT id FROM core_user WHERE subsidiary_id = ?", row -> row.getString(1),
                subsidiaryId));
    }

    Set<String> usersOfPartner(String partnerId) {
        return new HashSet<>(sql.list("SELECT id FROM core_user WHERE partner_id = ?", row -> row.getString(1),
                partnerId));
    }

    // ---- roles ---------------------------------------------------------------------------------------------

    /** A role with its grants. */
    record RoleRecord(String id, String name, String description, boolean builtIn, long version,
                      List<String> permissions, Map<String, ScopeKind> scopes) {
    }

    List<RoleRecord> roles() {
        return sql.list("SELECT id FROM core_role ORDER BY built_in DESC, name", row -> row.getString(1))
                .stream().map(id -> role(id).orElseThrow()).toList();
    }

    Optional<RoleRecord> role(String id) {
        return sql.one("SELECT id, name, description, built_in, version FROM core_role WHERE id = ?",
                        row -> new RoleRecord(row.getString(1), row.getString(2), row.getString(3), row.getBoolean(4),
                                row.getLong(5), List.of(), Map.of()), id)
                .map(role -> new RoleRecord(role.id(), role.name(), role.description(), role.builtIn(),
                        role.version(), permissionsOf(role.id()), scopesOf(role.id())));
    }

    Optional<RoleRecord> roleByName(String name) {
        return sql.one("SELECT id FROM core_role WHERE name = ?", row -> row.getString(1), name).flatMap(this::role);
    }

    String createRole(String name, String description, boolean builtIn, List<String> permissions,
                      Map<String, ScopeKind> scopes) {
        String id = UUID.randomUUID().toString();
        write("INSERT INTO core_role (id, name, description, built_in, version) VALUES (?, ?, ?, ?, 1)", id, name,
                description, builtIn);
        replaceGrants(id, permissions, scopes);
        return id;
    }

    boolean updateRole(String id, long version, String description, List<String> permissions,
                       Map<String, ScopeKind> scopes) {
        if (write("UPDATE core_role SET description = ?, version = version + 1 WHERE id = ? AND version = ?",
                description, id, version) != 1) {
            return false;
        }
        replaceGrants(id, permissions, scopes);
        return true;
    }

    void deleteRole(String id) {
        write("DELETE FROM core_user_role WHERE role_id = ?", id);
        write("DELETE FROM core_role_permission WHERE role_id = ?", id);
        write("DELETE FROM core_role_scope WHERE role_id = ?", id);
        write("DELETE FROM core_role WHERE id = ?", id);
    }

    void assignRoles(String userId, List<String> roleIds) {
        write("DELETE FROM core_user_role WHERE user_id = ?", userId);
        for (String roleId : new LinkedHashSet<>(roleIds)) {
            write("INSERT INTO core_user_role (user_id, role_id) VALUES (?, ?)", userId, roleId);
        }
    }

    List<RoleRecord> rolesOf(String userId) {
        return sql.list("SELECT role_id FROM core_user_role WHERE user_id = ?", row -> row.getString(1), userId)
                .stream().map(this::role).flatMap(Optional::stream).toList();
    }

    private void replaceGrants(String roleId, List<String> permissions, Map<String, ScopeKind> scopes) {
        write("DELETE FROM core_role_permission WHERE role_id = ?", roleId);
        write("DELETE FROM core_role_scope WHERE role_id = ?", roleId);
        for (String permission : new LinkedHashSet<>(permissions)) {
            write("INSERT INTO core_role_permission (role_id, permission) VALUES (?, ?)", roleId, permission);
        }
        for (Map.Entry<String, ScopeKind> scope : scopes.entrySet()) {
            write("INSERT INTO core_role_scope (role_id, record_type, scope) VALUES (?, ?, ?)", roleId,
                    scope.getKey(), scope.getValue().name());
        }
    }

    private List<String> permissionsOf(String roleId) {
        return sql.list("SELECT permission FROM core_role_permission WHERE role_id = ? ORDER BY permission",
                row -> row.getString(1), roleId);
    }

    private Map<String, ScopeKind> scopesOf(String roleId) {
        Map<String, ScopeKind> scopes = new LinkedHashMap<>();
        sql.list("SELECT record_type, scope FROM core_role_scope WHERE role_id = ? ORDER BY record_type", row -> {
            scopes.put(row.getString(1), ScopeKind.valueOf(row.getString(2)));
            return null;
        }, roleId);
        return scopes;
    }

    // ---- teams ---------------------------------------------------------------------------------------------

    /** A team and its members' user ids. */
    record TeamRecord(String id, String name, long version, List<String> members) {
    }

    List<TeamRecord> teams() {
        return sql.list("SELECT id, name, version FROM core_team ORDER BY name", Directory::team).stream()
                .map(this::withMembers).toList();
    }

    Optional<TeamRecord> team(String id) {
        return sql.one("SELECT id, name, version FROM core_team WHERE id = ?", Directory::team, id)
                .map(this::withMembers);
    }

    String createTeam(String name, List<String> members) {
        String id = UUID.randomUUID().toString();
        write("INSERT INTO core_team (id, name, version) VALUES (?, ?, 1)", id, name);
        setMembers(id, members);
        return id;
    }

    boolean updateTeam(String id, long version, String name, List<String> members) {
        if (write("UPDATE core_team SET name = ?, version = version + 1 WHERE id = ? AND version = ?", name, id,
                version) != 1) {
            return false;
        }
        setMembers(id, members);
        return true;
    }

    void deleteTeam(String id) {
        write("DELETE FROM core_team_member WHERE team_id = ?", id);
        write("DELETE FROM core_team WHERE id = ?", id);
    }

    private void setMembers(String teamId, List<String> members) {
        write("DELETE FROM core_team_member WHERE team_id = ?", teamId);
        for (String member : new LinkedHashSet<>(members)) {
            write("INSERT INTO core_team_member (team_id, user_id) VALUES (?, ?)", teamId, member);
        }
    }

    private List<String> membersOf(String teamId) {
        return sql.list("SELECT user_id FROM core_team_member WHERE team_id = ? ORDER BY user_id",
                row -> row.getString(1), teamId);
    }

    private List<String> teamsOf(String userId) {
        return sql.list("SELECT team_id FROM core_team_member WHERE user_id = ? ORDER BY team_id",
                row -> row.getString(1), userId);
    }

    /*
     * Rows are mapped on their own and what hangs off them is read after their query closed: reading it inside the
     * mapper held one pooled connection per level (user, its roles, each role's grants), and a burst of requests
     * that all loaded principals at once could take every connection while each waited for one more.
     */

    /** A user row, without roles and teams yet: see {@link #withMembership}. */
    private static UserRecord user(ResultSet row) throws SQLException {
        return new UserRecord(row.getString("id"), row.getString("username"), row.getString("display_name"),
                row.getString("email"), row.getString("locale"), row.getString("time_zone"),
                row.getString("manager_id"), row.getString("subsidiary_id"), row.getString("partner_id"),
                row.getBoolean("active"), row.getInt("failed_logins"), Sql.instant(row, "locked_until"),
                Sql.instant(row, "created_at"), Sql.instant(row, "updated_at"), row.getLong("version"), List.of(),
                List.of());
    }

    private UserRecord withMembership(UserRecord user) {
        return new UserRecord(user.id(), user.username(), user.displayName(), user.email(), user.locale(),
                user.timeZone(), user.managerId(), user.subsidiaryId(), user.partnerId(), user.active(),
                user.failedLogins(), user.lockedUntil(), user.createdAt(), user.updatedAt(), user.version(),
                rolesOf(user.id()).stream().map(RoleRecord::name).toList(), teamsOf(user.id()));
    }

    /** A team row, without its members yet: see {@link #withMembers}. */
    private static TeamRecord team(ResultSet row) throws SQLException {
        return new TeamRecord(row.getString(1), row.getString(2), row.getLong(3), List.of());
    }

    private TeamRecord withMembers(TeamRecord team) {
        return new TeamRecord(team.id(), team.name(), team.version(), membersOf(team.id()));
    }

    static String normalise(String username) {
        return username == null ? null : username.trim().toLowerCase(Locale.ROOT);
    }
}
