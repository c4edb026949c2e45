package io.relata.core.rest.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.relata.api.money.Money;
import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;

/**
 * The JSON conventions of {@code /api/v1}: camelCase members as the records name them, ISO-8601 UTC instants,
 * money as {@code {"amount":"123.45","currency":"CNY"}}, problems as RFC 9457 bodies, unknown members rejected.
 */
public final class RelataJson {

    private RelataJson() {
    }

    public static ObjectMapper newMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(relataModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // a number or boolean where text belongs is a client bug, not a name
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    private static SimpleModule relataModule() {
        SimpleModule module = new SimpleModule("relata");
        module.addSerializer(Money.class, new MoneySerializer());
        module.addDeserializer(Money.class, new MoneyDeserializer());
        module.addSerializer(Problem.class, new ProblemSerializer());
        return module;
    }

    static final class MoneySerializer extends StdSerializer<Money> {
        private static final long serialVersionUID = 1L;

        MoneySerializer() {
            super(Money.class);
        }

        @Override
        public void serialize(Money money, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartObject();
            json.writeStringField("amount", money.amount().toPlainString());
            json.writeStringField("currency", money.currency().getCurrencyCode());
            json.writeEndObject();
        }
    }

    static final class MoneyDeserializer extends StdDeserializer<Money> {
        private static final long serialVersionUID = 1L;

        MoneyDeserializer() {
            super(Money.class);
        }

        @Override
        public Money deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = context.readTree(parser);
            if (node == null || !node.isObject()) {
                return (Money) context.handleUnexpectedToken(Money.class, parser);
            }
            JsonNode amount = node.get("amount");
            JsonNode currency = node.get("currency");
            if (amount == null || !(amount.isTextual() || amount.isNumber())) {
                throw context.weirdStringException(String.valueOf(amount), Money.class,
                        "money needs an \"amount\" such as \"123.45\"");
            }
            if (currency == null || !currency.isTextual()) {
                throw context.weirdStringException(String.valueOf(currency), Money.class,
                        "money needs a \"currency\" such as \"CNY\"");
            }
            BigDecimal value;
            try {
                value = new BigDecimal(amount.asText().trim());
            } catch (NumberFormatException e) {
                throw context.weirdStringException(amount.asText(), Money.class, "amount is not a decimal number");
            }
            try {
                return new Money(value, Currency.getInstance(currency.asText().trim()));
            } catch (IllegalArgumentException e) {
                throw context.weirdStringException(currency.asText(), Money.class, "currency is not an ISO 4217 code");
            }
        }
    }

    static final class ProblemSerializer extends StdSerializer<Problem> {
        private static final long serialVersionUID = 1L;

        ProblemSerializer() {
            super(Problem.class);
        }

        @Override
        public void serialize(Problem problem, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartObject();
            json.writeStringField("type", problem.type());
            json.writeStringField("title", problem.title());
            json.writeNumberField("status", problem.status());
            json.writeStringField("detail", problem.detail());
            if (!problem.errors().isEmpty()) {
                json.writeArrayFieldStart("errors");
                for (FieldError error : problem.errors()) {
                    json.writeStartObject();
                    json.writeStringField("field", error.field());
                    json.writeStringField("message", error.message());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            for (Map.Entry<String, Object> member : problem.extensions().entrySet()) {
                provider.defaultSerializeField(member.getKey(), member.getValue(), json);
            }
            json.writeEndObject();
        }
    }
}
