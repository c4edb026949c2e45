package io.relata.api.rest;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An RFC 7396 JSON merge patch body. Declare a resource method parameter of this type with
 * {@code @Consumes(MergePatch.MEDIA_TYPE)}; the REST application reads the body into it.
 *
 * <p>Apply it to the writable view of a record, then validate the result:
 * <pre>{@code
 * GreetingChanges changed = patch.applyTo(GreetingChanges.of(current), GreetingChanges.class);
 * }</pre>
 * A member set to {@code null} removes the value; members not in the patch keep theirs.
 */
@ProviderType
public interface MergePatch {

    String MEDIA_TYPE = "application/merge-patch+json";

    /**
     * @return a new value of {@code type}: {@code target} with the patch merged in
     * @throws ProblemException (400) naming the field when the patch has an unknown member or a value of the
     *                          wrong type
     */
    <T> T applyTo(T target, Class<T> type);

    /** @return the top-level members the patch sets or removes. */
    Set<String> fields();
}
