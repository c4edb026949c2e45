package io.relata.api.security;

/**
 * A user as other modules see them.
 *
 * @param id          the user id
 * @param username    the login name
 * @param displayName the name to show
 * @param email       the e-mail address, or {@code null}
 * @param active      whether they can sign in
 */
public record UserSummary(String id, String username, String displayName, String email, boolean active) {
}
