package io.relata.api.security;

/** How far a role lets a user see records of one type; a user with several roles gets the widest. */
public enum ScopeKind {
    /** Nothing. */
    NONE,
    /** Records the user owns. */
    OWN,
    /** Records owned by anyone in the user's teams. */
    TEAM,
    /** Records owned by the user or anyone below them in the manager chain. */
    SUBORDINATES,
    /** Records owned by users of the user's subsidiary. */
    SUBSIDIARY,
    /** Records owned by users of the user's partner organisation (partner portal users). */
    PARTNER,
    /** Every record. */
    ALL
}
