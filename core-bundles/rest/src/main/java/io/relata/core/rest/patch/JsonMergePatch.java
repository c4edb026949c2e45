package io.relata.core.rest.patch;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.relata.api.rest.MergePatch;
import io.relata.api.rest.ProblemException;
import io.relata.core.rest.json.JsonProblems;

/** RFC 7396 merge of a JSON object into the JSON form of a value, read back through the same mapper. */
final class JsonMergePatch implements MergePatch {

    private final ObjectNode patch;
    private final ObjectMapper mapper;

    JsonMergePatch(ObjectNode patch, ObjectMapper mapper) {
        this.patch = patch;
        this.mapper = mapper;
    }

    @Override
    public <T> T applyTo(T target, Class<T> type) {
        JsonNode merged = merge(mapper.valueToTree(target), patch);
        try {
            return mapper.treeToValue(merged, type);
        } catch (JsonProcessingException e) {
            throw new ProblemException(JsonProblems.from(e));
        }
    }

    @Override
    public Set<String> fields() {
        Set<String> names = new LinkedHashSet<>();
        patch.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : ((ObjectNode) patch).objectNode();
        Iterator<Map.Entry<String, JsonNode>> members = patch.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), merge(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }
}
