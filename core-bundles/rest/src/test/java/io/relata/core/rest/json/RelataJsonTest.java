package io.relata.core.rest.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.relata.api.money.Money;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Page;
import io.relata.api.rest.Problem;

class RelataJsonTest {

    record Deal(String name, Money value, Instant closesAt, Integer probability) {
    }

    record Contact(String name, Address address) {
    }

    record Address(String city) {
        Address {
            if (city != null && city.isBlank()) {
                throw new IllegalArgumentException("city must not be blank");
            }
        }
    }

    private final ObjectMapper json = RelataJson.newMapper();

    @Test
    void writesTheWireConventions() throws Exception {
        Deal deal = new Deal("Big one", Money.of("123.40", "CNY"), Instant.parse("2026-01-31T08:00:00Z"), 40);
        assertThat(json.writeValueAsString(deal)).isEqualTo(
                "{\"name\":\"Big one\",\"value\":{\"amount\":\"123.40\",\"currency\":\"CNY\"},"
                        + "\"closesAt\":\"2026-01-31T08:00:00Z\",\"probability\":40}");
        assertThat(json.readValue(json.writeValueAsString(deal), Deal.class)).isEqualTo(deal);
        assertThat(json.writeValueAsString(Page.last(List.of(1, 2)))).isEqualTo("{\"items\":[1,2],\"nextCursor\":null}");
    }

    @Test
    void writesProblemsAsRfc9457() throws Exception {
        Problem problem = Problem.validation(List.of(new FieldError("name", "is required"))).with("candidates", List.of("a"));
        assertThat(json.readValue(json.writeValueAsString(problem), Map.class)).isEqualTo(Map.of(
                "type", "https://relata.io/problems/validation", "title", "Invalid input", "status", 400,
                "detail", "name: is required", "errors", List.of(Map.of("field", "name", "message", "is required")),
                "candidates", List.of("a")));
        assertThat(json.writeValueAsString(Problem.notFound("gone"))).doesNotContain("errors");
    }

    @Test
    void badBodiesBecomeProblemsNamingTheField() {
        assertThat(problem("{\"name\":\"x\",\"colour\":1}", Deal.class).errors())
                .containsExactly(new FieldError("colour", "is not a known field"));
        assertThat(problem("{\"name\":1}", Deal.class).errors()).extracting(FieldError::field).containsExactly("name");
        assertThat(problem("{\"name\":\"x\",\"probability\":\"high\"}", Deal.class).errors())
                .extracting(FieldError::field).containsExactly("probability");
        assertThat(problem("{\"name\":\"x\",\"closesAt\":\"tomorrow\"}", Deal.class).errors().get(0).message())
                .contains("ISO-8601");
        assertThat(problem("{\"value\":{\"amount\":\"12,5\",\"currency\":\"CNY\"}}", Deal.class).errors())
                .extracting(FieldError::field).containsExactly("value");
        assertThat(problem("{\"value\":{\"amount\":\"1\",\"currency\":\"XXXX\"}}", Deal.class).errors())
                .extracting(FieldError::field).containsExactly("value");
        assertThat(problem("{\"name\":\"x\",\"address\":{\"city\":\" \"}}", Contact.class).errors())
                .containsExactly(new FieldError("address", "city must not be blank"));
        assertThat(problem("{\"name\":", Deal.class).type()).endsWith("/malformed-json");
        assertThat(problem("{\"name\":\"x\"} trailing", Deal.class).type()).endsWith("/malformed-json");
        assertThat(problem("[1]", Deal.class).status()).isEqualTo(400);
    }

    private Problem problem(String body, Class<?> type) {
        try {
            json.readValue(body, type);
        } catch (JsonProcessingException e) {
            return JsonProblems.from(e);
        }
        throw new AssertionError("accepted " + body);
    }

    record Counter(int count) {
    }

    @Test
    void aMissingOrNullPrimitiveIsRequired() {
        assertThat(problem("{}", Counter.class).errors()).containsExactly(new FieldError("count", "is required"));
        assertThat(problem("{\"count\":null}", Counter.class).errors()).containsExactly(new FieldError("count", "is required"));
    }
}
