package io.relata.api.activity;

import java.math.BigDecimal;

import io.relata.api.customer.Address;

/**
 * Where a visit or meeting takes place.
 *
 * @param address   the postal address; parts may be missing
 * @param latitude  degrees north, -90 to 90, or {@code null}; given together with {@code longitude}
 * @param longitude degrees east, -180 to 180, or {@code null}
 */
public record ActivityLocation(Address address, BigDecimal latitude, BigDecimal longitude) {
}
