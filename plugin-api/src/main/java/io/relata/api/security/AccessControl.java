package io.relata.api.security;

import org.osgi.annotation.versioning.ProviderType;

/** The current user's permissions and data scopes. */
@ProviderType
public interface AccessControl {

    boolean permits(String permission);

    /**
     * @throws io.relata.api.rest.ProblemException 403 (recorded in the security audit) without the permission,
     *                                             401 without a user
     */
    void require(String permission);

    /** @param recordType e.g. {@code customer} or {@code hello.greeting} */
    DataScope scope(String recordType);
}
