package io.relata.api.customer;

/**
 * A postal address. Every part is optional.
 *
 * @param street     street and number, possibly several lines
 * @param city       city
 * @param region     state, province or region
 * @param postalCode postal code
 * @param country    ISO 3166-1 alpha-2 country code, e.g. {@code CN}
 */
public record Address(String street, String city, String region, String postalCode, String country) {

    /** No part known. */
    public static final Address EMPTY = new Address(null, null, null, null, null);
}
