package io.relata.core.rest.application;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Relata REST API",
        description = "Settings shared by every resource under /api/v1")
public @interface RestSettings {

    String PID = "io.relata.rest";

    @AttributeDefinition(name = "Maximum request body", description = "Larger request bodies are refused with 413 (bytes)", min = "1024")
    long max_request_bytes() default 1_048_576;

    @AttributeDefinition(name = "Maximum file upload", description = "Larger file uploads (bodies of type text/csv or"
            + " application/octet-stream, such as CSV imports) are refused with 413 (bytes)", min = "1024")
    long max_upload_bytes() default 209_715_200;
}
