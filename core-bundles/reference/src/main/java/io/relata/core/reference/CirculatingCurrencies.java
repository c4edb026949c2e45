package io.relata.core.reference;

import java.util.Currency;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The ISO 4217 currencies in circulation. {@link Currency#getAvailableCurrencies()} alone will not do: it also
 * knows withdrawn currencies (DEM, FRF, HRK), funds codes (CLF, USN) and metals (XAU), which no CRM record should
 * be priced in. Codes the running JDK does not know yet are left out, so every listed code is a {@link Currency}.
 */
final class CirculatingCurrencies {

    private static final List<String> CODES = List.of(
            "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
            "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY",
            "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP",
            "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR",
            "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
            "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
            "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK",
            "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
            "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
            "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD",
            "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG", "ZWL");

    private static final List<Currency> KNOWN;

    static {
        Set<String> available = Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode)
                .collect(Collectors.toSet());
        KNOWN = CODES.stream().filter(available::contains).map(Currency::getInstance).toList();
    }

    private CirculatingCurrencies() {
    }

    /** @return the currencies in circulation that this JDK knows, by code */
    static List<Currency> all() {
        return KNOWN;
    }

    static Stream<String> codes() {
        return KNOWN.stream().map(Currency::getCurrencyCode);
    }

    static boolean contains(Currency currency) {
        return KNOWN.contains(currency);
    }
}
