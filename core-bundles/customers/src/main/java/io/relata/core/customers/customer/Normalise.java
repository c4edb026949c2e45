package io.relata.core.customers.customer;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The keys search and duplicate detection compare: "ACME  Ltd." and "acme ltd." are one name, "+86 (10) 1234"
 * and "8610-1234" one phone number. Full-width characters (common in Chinese input) fold to their ASCII forms.
 */
public final class Normalise {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern PHONE = Pattern.compile("[0-9+()./\\- ]+((x|ext\\.?) ?[0-9]+)?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,36}");
    private static final java.util.Set<String> COUNTRIES = java.util.Set.of(Locale.getISOCountries());

    private Normalise() {
    }

    public static boolean isEmail(String email) {
        return EMAIL.matcher(email).matches();
    }

    /** @return whether it is written like a phone number and has at least three digits */
    public static boolean isPhone(String phone) {
        String digits = phone(phone);
        return PHONE.matcher(phone).matches() && digits != null && digits.length() >= 3;
    }

    public static boolean isCountry(String code) {
        return COUNTRIES.contains(code);
    }

    public static boolean isId(String id) {
        return ID.matcher(id).matches();
    }

    public static String name(String name) {
        if (name == null) {
            return null;
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
        return folded.toLowerCase(Locale.ROOT);
    }

    public static String email(String email) {
        return email == null ? null : Normalizer.normalize(email, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /** @return the digits, or {@code null} when there are none */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = Normalizer.normalize(phone, Normalizer.Form.NFKC).replaceAll("[^0-9]", "");
        return digits.isEmpty() ? null : digits;
    }

    /**
     * The key a person's name is compared by: the name in both orders, so "Li Wei" and "wei li" and, for a
     * Chinese name, 欧阳娜娜 (family name first, no space) all find it by substring.
     */
    public static String personName(String given, String family) {
        String first = given == null ? "" : given;
        String last = family == null ? "" : family;
        return name((first + " " + last).strip()) + " / " + name((last + " " + first).strip()) + " / "
                + name(last + first);
    }

    /** A search text as the keys store it: a name, an e-mail address, or the digits of a phone number. */
    public static String query(String query) {
        return name(query);
    }
}
