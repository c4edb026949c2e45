package io.relata.api.security;

/** Matching of granted permission patterns against required permissions. */
final class PermissionPattern {

    private PermissionPattern() {
    }

    static boolean covers(String granted, String required) {
        if (granted == null || required == null) {
            return false;
        }
        if (granted.equals("*") || granted.equals(required)) {
            return true;
        }
        int grantedColon = granted.indexOf(':');
        int requiredColon = required.indexOf(':');
        if (grantedColon < 0 || requiredColon < 0) {
            return false;
        }
        return part(granted.substring(0, grantedColon), required.substring(0, requiredColon))
                && part(granted.substring(grantedColon + 1), required.substring(requiredColon + 1));
    }

    /** {@code *} matches anything, {@code sales.*} matches {@code sales} and {@code sales.anything}. */
    private static boolean part(String granted, String required) {
        if (granted.equals("*") || granted.equals(required)) {
            return true;
        }
        if (granted.endsWith(".*")) {
            String prefix = granted.substring(0, granted.length() - 2);
            return required.equals(prefix) || required.startsWith(prefix + ".");
        }
        return false;
    }
}
