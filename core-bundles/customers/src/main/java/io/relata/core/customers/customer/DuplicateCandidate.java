package io.relata.core.customers.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An existing customer that looks like the one being written.
 *
 * @param id        its id
 * @param name      its name
 * @param email     its e-mail address
 * @param phone     its phone number
 * @param ownerId   its owner, {@code null} in the pool
 * @param matchedOn which of {@code name}, {@code email}, {@code phone} matched
 */
public record DuplicateCandidate(String id, String name, String email, String phone, String ownerId,
                                 List<String> matchedOn) {

    static DuplicateCandidate of(String id, String name, String email, String phone, String ownerId, String nameKey,
                                 String emailKey, String phoneKey) {
        List<String> matched = new ArrayList<>();
        if (nameKey != null && nameKey.equals(Normalise.name(name))) {
            matched.add("name");
        }
        if (emailKey != null && emailKey.equals(Normalise.email(email))) {
            matched.add("email");
        }
        if (phoneKey != null && Objects.equals(phoneKey, Normalise.phone(phone))) {
            matched.add("phone");
        }
        return new DuplicateCandidate(id, name, email, phone, ownerId, List.copyOf(matched));
    }
}
