package io.relata.api.customer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A person at a customer.
 *
 * @param id              the contact's id
 * @param customerId      the customer they belong to
 * @param firstName       given name
 * @param lastName        family name
 * @param title           job title
 * @param department      department
 * @param emails          e-mail addresses, the preferred one first
 * @param phones          phone numbers, the preferred one first
 * @param birthday        birthday, if known
 * @param primary         whether they are the customer's main contact (at most one per customer)
 * @param doNotContact    must not be contacted at all
 * @param marketingOptOut must not receive marketing
 * @param customFields    values of custom fields, by field key
 * @param createdAt       when it was created (UTC)
 * @param createdBy       id of the user who created it
 * @param updatedAt       when it last changed (UTC)
 * @param updatedBy       id of the user who changed it last
 * @param version         the optimistic-locking version, also its ETag
 */
public record Contact(String id, String customerId, String firstName, String lastName, String title,
                      String department, List<String> emails, List<String> phones, LocalDate birthday,
                      boolean primary, boolean doNotContact, boolean marketingOptOut,
                      Map<String, Object> customFields, Instant createdAt, String createdBy, Instant updatedAt,
                      String updatedBy, long version) {

    public Contact {
        emails = emails == null ? List.of() : List.copyOf(emails);
        phones = phones == null ? List.of() : List.copyOf(phones);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }

    /**
     * @return the name to show: "first last", or for Chinese, Japanese and Korean names the family name first and
     *         no space (欧阳娜娜); whichever part is known when only one is
     */
    public String displayName() {
        return displayName(firstName, lastName);
    }

    /** The same for any person's name parts, e.g. a lead's. */
    public static String displayName(String firstName, String lastName) {
        if (firstName == null || lastName == null) {
            return firstName == null ? lastName : firstName;
        }
        return isHan(firstName) || isHan(lastName) ? lastName + firstName : firstName + " " + lastName;
    }

    private static boolean isHan(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.HANGUL
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA);
    }
}
