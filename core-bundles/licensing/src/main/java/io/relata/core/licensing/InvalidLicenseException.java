package io.relata.core.licensing;

/** A license document that must not be installed; the message says why, for an administrator. */
public class InvalidLicenseException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidLicenseException(String message) {
        super(message);
    }

    public InvalidLicenseException(String message, Throwable cause) {
        super(message, cause);
    }
}
