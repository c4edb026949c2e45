package io.relata.core.customers.customer;

import java.util.Map;

import javax.persistence.Column;
import javax.persistence.Embeddable;

import io.relata.api.customer.Address;

/** A postal address as the columns of a customer's or lead's row. */
@Embeddable
public class AddressColumns {

    @Column(length = 500)
    private String street;

    @Column(length = 100)
    private String city;

    @Column(length = 100)
    private String region;

    @Column(name = "postal_code", length = 20)
    private String postalCode;

    @Column(length = 2)
    private String country;

    public AddressColumns() {
    }

    public void set(Address address) {
        street = address.street();
        city = address.city();
        region = address.region();
        postalCode = address.postalCode();
        country = address.country();
    }

    public Address address() {
        return new Address(street, city, region, postalCode, country);
    }

    /** Adds the parts to an audit snapshot as {@code address.street} and so on. */
    public void snapshot(Map<String, Object> fields) {
        fields.put("address.street", street);
        fields.put("address.city", city);
        fields.put("address.region", region);
        fields.put("address.postalCode", postalCode);
        fields.put("address.country", country);
    }

    public String region() {
        return region;
    }
}
