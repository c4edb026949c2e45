package io.relata.core.rest.json;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.relata.api.rest.FieldError;
import io.relata.api.rest.Problem;
import io.relata.api.rest.ProblemException;

/** Turns Jackson's complaints about a request body into problems that name the field, never a stack trace. */
public final class JsonProblems {

    private JsonProblems() {
    }

    public static Problem from(JsonProcessingException error) {
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem.problem(); // e.g. the body grew past the size limit while Jackson read it
            }
        }
        if (error instanceof ValueInstantiationException rejected && rejected.getPath().isEmpty()) {
            return Problem.badRequest(rejected.getCause() == null ? "the body was rejected"
                    : String.valueOf(rejected.getCause().getMessage()));
        }
        if (error instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return Problem.validation(List.of(new FieldError(path(mapping), message(mapping))));
        }
        if (error instanceof MismatchedInputException mismatch) {
            return Problem.badRequest("the body is not a JSON value of the expected shape"
                    + (mismatch.getTargetType() == null ? "" : " (" + describe(mismatch.getTargetType()) + ")"));
        }
        JsonLocation where = error.getLocation();
        String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        return Problem.of(400, "malformed-json", "Malformed JSON",
                "the body is not valid JSON" + position + ": " + error.getOriginalMessage());
    }

    static String path(JsonMappingException error) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : error.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String message(JsonMappingException error) {
        if (error instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (error instanceof InvalidFormatException format) {
            return "has the wrong format: expected " + describe(format.getTargetType());
        }
        if (error instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            return String.valueOf(instantiation.getCause().getMessage());
        }
        String original = error.getOriginalMessage();
        if (original != null && original.startsWith("Cannot map `null` into type")) {
            return "is required";
        }
        if (error instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "has the wrong type: expected " + describe(mismatch.getTargetType());
        }
        return original == null ? "is not valid" : firstLine(original);
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder("one of");
            for (Object constant : type.getEnumConstants()) {
                values.append(' ').append(constant);
            }
            return values.toString();
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.getName().startsWith("java.time.")) {
            return "an ISO-8601 " + type.getSimpleName().toLowerCase(Locale.ROOT) + " such as 2026-01-31T08:00:00Z";
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
