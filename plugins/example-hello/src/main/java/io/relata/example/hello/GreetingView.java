package io.relata.example.hello;

import java.time.Instant;

/** A greeting as the REST API and the console show it. */
public record GreetingView(String id, String name, String message, String ownerId, Instant createdAt,
                           Instant updatedAt, long version) {

    static GreetingView of(Greeting greeting) {
        return new GreetingView(greeting.id(), greeting.name(), greeting.message(), greeting.ownerId(),
                greeting.createdAt(), greeting.updatedAt(), greeting.version());
    }
}
