package io.relata.core.rest.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relata.api.rest.FieldError;
import io.relata.api.rest.MergePatch;
import io.relata.api.rest.ProblemException;
import io.relata.core.rest.json.RelataJson;

class JsonMergePatchTest {

    record Address(String city, String street) {
    }

    record Account(String name, String phone, Address address, List<String> tags) {
    }

    private final ObjectMapper json = RelataJson.newMapper();

    /** The examples of RFC 7396, appendix A. */
    @Test
    void followsTheRfcExamples() throws Exception {
        String[][] cases = {
                {"{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
                {"{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"},
                {"{\"a\":\"b\"}", "{\"a\":null}", "{}"},
                {"{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}"},
                {"{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"},
                {"{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}"},
                {"{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}"},
                {"{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}"},
                {"{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}"},
                {"[1,2]", "{\"a\":\"b\",\"c\":null}", "{\"a\":\"b\"}"},
                {"{}", "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}"},
        };
        for (String[] example : cases) {
            JsonNode merged = JsonMergePatch.merge(json.readTree(example[0]), json.readTree(example[1]));
            assertThat(merged).as(example[0] + " + " + example[1]).isEqualTo(json.readTree(example[2]));
        }
    }

    @Test
    void patchesRecordsFieldByField() throws Exception {
        Account current = new Account("Acme", "123", new Address("Shanghai", "Nanjing Rd"), List.of("vip"));
        MergePatch patch = read("{\"phone\":null,\"address\":{\"street\":\"Huaihai Rd\"},\"tags\":[]}");

        Account patched = patch.applyTo(current, Account.class);

        assertThat(patched).isEqualTo(new Account("Acme", null, new Address("Shanghai", "Huaihai Rd"), List.of()));
        assertThat(patch.fields()).containsExactly("phone", "address", "tags");
    }

    @Test
    void unknownOrMistypedMembersAreProblemsNamingTheField() throws Exception {
        Account current = new Account("Acme", null, null, List.of());
        assertThatThrownBy(() -> read("{\"colour\":\"red\"}").applyTo(current, Account.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .containsExactly(new FieldError("colour", "is not a known field")));
        assertThatThrownBy(() -> read("{\"tags\":\"vip\"}").applyTo(current, Account.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(FieldError::field).containsExactly("tags"));
    }

    @Test
    void onlyJsonObjectsArePatches() {
        for (String body : new String[] {"[1]", "\"x\"", "null", "{"}) {
            assertThatThrownBy(() -> read(body)).as(body).isInstanceOfSatisfying(ProblemException.class,
                    e -> assertThat(e.problem().status()).isEqualTo(400));
        }
    }

    private MergePatch read(String body) throws Exception {
        return new MergePatchReader(json).readFrom(MergePatch.class, MergePatch.class, null, null, null,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readerAnswersOnlyForMergePatchParameters() {
        MergePatchReader reader = new MergePatchReader(json);
        assertThat(reader.isReadable(MergePatch.class, null, null, null)).isTrue();
        assertThat(reader.isReadable(Map.class, null, null, null)).isFalse();
    }
}
