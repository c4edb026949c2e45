package io.relata.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every label in both languages: a key used in the code or present in one message file must be in all of them.
 * Messages live in {@code i18n/<language>/<area>.json}; each key belongs to exactly one area.
 */
class I18nKeysTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path WEBAPP = Path.of("src/main/resources/webapp");
    private static final Set<String> LANGUAGES = Set.of("en", "zh-CN");
    /** t('key'…) and t("key"…) with a literal key. */
    private static final Pattern LITERAL_KEY = Pattern.compile("\\bt\\(\\s*['\"]([A-Za-z0-9_.-]+)['\"]");
    /** t(`prefix.${…}`): a key family, e.g. stage.PROSPECT, stage.CUSTOMER. */
    private static final Pattern KEY_FAMILY = Pattern.compile("\\bt\\(\\s*`([A-Za-z0-9_.-]+\\.)\\$\\{");

    @Test
    void everyLanguageHasTheSameKeysInTheSameArea() throws IOException {
        Set<String> areas = areas("en");
        assertThat(areas).as("the areas i18n.js loads").isEqualTo(areasTheAppLoads());
        for (String language : LANGUAGES) {
            assertThat(areas(language)).as("areas of " + language).isEqualTo(areas);
            for (String area : areas) {
                Set<String> english = keys("en", area);
                Set<String> keys = keys(language, area);
                assertThat(difference(english, keys)).as("keys in en/" + area + ".json missing from " + language)
                        .isEmpty();
                assertThat(difference(keys, english)).as("keys in " + language + "/" + area + ".json missing from en")
                        .isEmpty();
            }
        }
    }

    @Test
    void noKeyIsInTwoAreas() throws IOException {
        Map<String, String> owner = new TreeMap<>();
        for (String area : areas("en")) {
            for (String key : keys("en", area)) {
                String other = owner.putIfAbsent(key, area);
                assertThat(other).as(key + " is in " + other + ".json and " + area + ".json").isNull();
            }
        }
    }

    @Test
    void everyKeyTheCodeUsesIsTranslated() throws IOException {
        Set<String> used = new TreeSet<>();
        Set<String> families = new TreeSet<>();
        for (Path script : scripts()) {
            String code = Files.readString(script);
            Matcher literal = LITERAL_KEY.matcher(code);
            while (literal.find()) {
                used.add(literal.group(1));
            }
            Matcher family = KEY_FAMILY.matcher(code);
            while (family.find()) {
                families.add(family.group(1));
            }
        }
        assertThat(used).as("the scan finds the keys").contains("login.title", "customers.title", "call.submit");
        for (String language : LANGUAGES) {
            Set<String> keys = keys(language);
            assertThat(difference(used, keys)).as("keys used in the code but missing from " + language + ".json")
                    .isEmpty();
            for (String prefix : families) {
                assertThat(keys).as("the key family " + prefix + "* in " + language + ".json")
                        .anyMatch(key -> key.startsWith(prefix));
            }
        }
    }

    @Test
    void noMessageIsBlankOrUntranslatedChinese() throws IOException {
        JsonNode english = messages("en");
        JsonNode chinese = messages("zh-CN");
        for (Iterator<String> names = chinese.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            assertThat(chinese.path(key).asText()).as(key).isNotBlank();
            assertThat(english.path(key).asText()).as(key).isNotBlank();
            assertThat(placeholders(chinese.path(key).asText())).as("placeholders of " + key)
                    .isEqualTo(placeholders(english.path(key).asText()));
        }
    }

    private static Set<String> placeholders(String message) {
        Set<String> names = new TreeSet<>();
        Matcher placeholder = Pattern.compile("\\{(\\w+)}").matcher(message);
        while (placeholder.find()) {
            names.add(placeholder.group(1));
        }
        return names;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> missing = new TreeSet<>(a);
        missing.removeAll(b);
        return missing;
    }

    private static Set<String> keys(String language) throws IOException {
        Set<String> keys = new TreeSet<>();
        messages(language).fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> keys(String language, String area) throws IOException {
        Set<String> keys = new TreeSet<>();
        MAPPER.readTree(WEBAPP.resolve("i18n").resolve(language).resolve(area + ".json").toFile()).fieldNames()
                .forEachRemaining(keys::add);
        return keys;
    }

    /** All messages of a language, merged as i18n.js merges them. */
    private static JsonNode messages(String language) throws IOException {
        ObjectNode merged = MAPPER.createObjectNode();
        for (String area : areas(language)) {
            merged.setAll((ObjectNode) MAPPER.readTree(WEBAPP.resolve("i18n").resolve(language).resolve(area + ".json")
                    .toFile()));
        }
        return merged;
    }

    private static Set<String> areas(String language) throws IOException {
        try (Stream<Path> files = Files.list(WEBAPP.resolve("i18n").resolve(language))) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> areasTheAppLoads() throws IOException {
        Matcher list = Pattern.compile("export const AREAS = \\[([^\\]]*)]").matcher(Files.readString(WEBAPP.resolve("i18n.js")));
        assertThat(list.find()).as("AREAS in i18n.js").isTrue();
        Set<String> areas = new TreeSet<>();
        Matcher name = Pattern.compile("'([a-z-]+)'").matcher(list.group(1));
        while (name.find()) {
            areas.add(name.group(1));
        }
        return areas;
    }

    private static Iterable<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.walk(WEBAPP)) {
            return files.filter(file -> file.toString().endsWith(".js")).toList();
        }
    }
}
