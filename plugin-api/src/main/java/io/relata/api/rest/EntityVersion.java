package io.relata.api.rest;

/**
 * A record's optimistic-lock version as an HTTP entity tag: {@code GET} answers it in {@code ETag}, and
 * {@code PATCH}/{@code PUT}/{@code DELETE} take it back in {@code If-Match}.
 *
 * @param value the record's {@code @Version} value
 */
public record EntityVersion(long value) {

    /** @return the strong entity tag, e.g. {@code "3"} with the quotes. */
    public String etag() {
        return "\"" + value + "\"";
    }

    /**
     * Checks an {@code If-Match} header against this version.
     *
     * @throws ProblemException 428 when the header is missing, 412 when no tag in it matches this version
     */
    public void requireMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw Problem.preconditionRequired(
                    "send the ETag you last read in If-Match, so concurrent changes are not overwritten").toException();
        }
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag())) {
                return;
            }
        }
        throw Problem.preconditionFailed(
                "the record changed since you read it (now at version " + value + "); read it again and retry")
                .toException();
    }
}
