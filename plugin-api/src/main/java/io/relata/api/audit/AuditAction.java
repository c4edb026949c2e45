package io.relata.api.audit;

/** The actions core records; modules may record others of their own (upper case, e.g. {@code APPROVED}). */
public final class AuditAction {

    public static final String CREATED = "CREATED";
    public static final String UPDATED = "UPDATED";
    public static final String DELETED = "DELETED";
    public static final String RESTORED = "RESTORED";
    public static final String MERGED = "MERGED";
    public static final String CLAIMED = "CLAIMED";
    public static final String RELEASED = "RELEASED";
    public static final String ASSIGNED = "ASSIGNED";
    public static final String CONVERTED = "CONVERTED";
    public static final String IMPORTED = "IMPORTED";

    private AuditAction() {
    }
}
