package io.relata.core.customers.contact;

import javax.persistence.Column;
import javax.persistence.Embeddable;

/** A phone number with its digits, which search and duplicate detection compare. */
@Embeddable
public class ContactPhone {

    @Column(name = "phone", nullable = false, length = 40)
    private String phone;

    @Column(name = "phone_key", nullable = false, length = 40)
    private String phoneKey;

    protected ContactPhone() {
    }

    ContactPhone(String phone, String phoneKey) {
        this.phone = phone;
        this.phoneKey = phoneKey;
    }

    String phone() {
        return phone;
    }

    String phoneKey() {
        return phoneKey;
    }
}
