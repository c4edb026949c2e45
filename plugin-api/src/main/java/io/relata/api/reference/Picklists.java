package io.relata.api.reference;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Administrator-editable lists of choices, each identified by a name. Core defines {@value #INDUSTRY} and
 * {@value #LEAD_SOURCE}; a module defines its own with {@link #define}, named after the module, e.g.
 * {@code hello.mood}. Validate a record's field with {@link #contains}.
 */
@ProviderType
public interface Picklists {

    /** The industries a customer works in. */
    String INDUSTRY = "industry";

    /** Where a lead or customer came from. */
    String LEAD_SOURCE = "lead-source";

    /** @return the names of the defined picklists, sorted */
    List<String> names();

    /** @return the picklist's values, active and inactive, in listing order; empty for an unknown picklist */
    List<PicklistValue> values(String picklist);

    /** @return the value with this key, active or not */
    Optional<PicklistValue> value(String picklist, String key);

    /** @return whether the key is an active value of the picklist, i.e. whether a new record may choose it */
    boolean contains(String picklist, String key);

    /**
     * Defines a picklist, or makes sure it has these values: values whose key it lacks are added, values it has
     * are left as administrators made them. Call it whenever the module starts; it commits on its own or joins the
     * caller's transaction.
     *
     * @param picklist lower case letters, digits, dots and dashes, starting with a letter or digit, at most 60
     * @param defaults the values a new installation starts with
     * @throws io.relata.api.rest.ProblemException 400 naming the field when a name, key or label is not valid
     */
    void define(String picklist, List<PicklistValue> defaults);
}
